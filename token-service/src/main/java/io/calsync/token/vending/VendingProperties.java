package io.calsync.token.vending;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param refreshSkew an access token is refreshed once it has less than this left, so the connector
 *     never receives one that expires mid-call
 */
@ConfigurationProperties("calsync.tokens.vending")
record VendingProperties(@DefaultValue("60s") Duration refreshSkew) {}
