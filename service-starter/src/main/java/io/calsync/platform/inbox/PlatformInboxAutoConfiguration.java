package io.calsync.platform.inbox;

import io.r2dbc.postgresql.codec.Json;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The {@link Inbox} and its {@link InboxMaintenance} for a service whose migrations create {@code
 * processed_message} ({@code calsync.inbox.enabled=true}).
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.autoconfigure.r2dbc.R2dbcAutoConfiguration")
@ConditionalOnClass({DatabaseClient.class, Json.class})
@ConditionalOnProperty(name = "calsync.inbox.enabled", havingValue = "true")
@EnableConfigurationProperties(InboxProperties.class)
public class PlatformInboxAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Inbox inbox(DatabaseClient db) {
    return new Inbox(db);
  }

  @Bean
  @ConditionalOnMissingBean
  InboxMaintenance inboxMaintenance(DatabaseClient db, InboxProperties properties) {
    return new InboxMaintenance(db, properties);
  }
}
