package io.calsync.token.syncnow;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param minInterval shortest time between two accepted "Sync Now" requests of one user
 */
@ConfigurationProperties("calsync.sync-now")
record SyncNowProperties(@DefaultValue("30s") Duration minInterval) {}
