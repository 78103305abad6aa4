package io.calsync.platform.inbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Inbox settings ({@code calsync.inbox}).
 *
 * @param enabled whether the service has an inbox (its migrations create {@code
 *     processed_message}); off by default
 * @param retention how long a message id is remembered. It must exceed the longest time a record
 *     can be delivered again (the consumed topics' retention, a replay by support staff): a
 *     redelivery after it has no inbox row to stop it, and only the consumer's version checks do
 * @param cleanupInterval how often rows older than the retention are deleted
 * @param cleanupBatchSize rows deleted per statement, so a large backlog never holds long locks
 */
@ConfigurationProperties("calsync.inbox")
public record InboxProperties(
    @DefaultValue("false") boolean enabled,
    @DefaultValue("30d") Duration retention,
    @DefaultValue("1h") Duration cleanupInterval,
    @DefaultValue("5000") int cleanupBatchSize) {

  public InboxProperties {
    if (cleanupBatchSize < 1) {
      throw new IllegalArgumentException("calsync.inbox.cleanup-batch-size must be >= 1");
    }
  }
}
