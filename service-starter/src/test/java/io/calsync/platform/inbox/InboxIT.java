package io.calsync.platform.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.calsync.contracts.calendar.CommandApplied;
import io.calsync.contracts.calendar.CommandFailed;
import io.calsync.testsupport.PostgresDatabase;
import io.calsync.testsupport.SharedPostgres;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The starter's inbox against a real PostgreSQL, on the table shape every service migrates to. */
class InboxIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private static DatabaseClient db;
  private static TransactionalOperator transaction;

  private final Inbox inbox = new Inbox(db);

  @BeforeAll
  static void database() {
    PostgresDatabase database = SharedPostgres.freshDatabase("inbox");
    ConnectionFactory connections =
        ConnectionFactories.get(
            ConnectionFactoryOptions.parse(database.r2dbcUrl())
                .mutate()
                .option(ConnectionFactoryOptions.USER, database.username())
                .option(ConnectionFactoryOptions.PASSWORD, database.password())
                .build());
    db = DatabaseClient.create(connections);
    transaction = TransactionalOperator.create(new R2dbcTransactionManager(connections));
    db.sql(
            """
            CREATE TABLE processed_message (
                message_id    varchar(255)  PRIMARY KEY,
                topic         varchar(255)  NOT NULL,
                user_id       varchar(255),
                processed_at  timestamptz   NOT NULL DEFAULT now(),
                result_type   varchar(255),
                result        jsonb)
            """)
        .then()
        .block(WAIT);
  }

  @BeforeEach
  void empty() {
    db.sql("DELETE FROM processed_message").then().block(WAIT);
  }

  @Test
  void firstDeliveryIsTrueOnce_andARolledBackEffectLeavesNoRecord() {
    String id = UUID.randomUUID().toString();

    assertThat(claim(id)).isTrue();
    assertThat(claim(id)).isFalse();

    String rolledBack = UUID.randomUUID().toString();
    Mono<Boolean> failingEffect =
        inbox
            .firstDelivery(rolledBack, "t", "user-1")
            .then(Mono.<Boolean>error(new IllegalStateException("effect failed")));
    assertThatThrownBy(() -> failingEffect.as(transaction::transactional).block(WAIT))
        .hasMessageContaining("effect failed");
    assertThat(claim(rolledBack)).as("the redelivery after a rollback applies").isTrue();
    assertThat(strings("SELECT user_id FROM processed_message WHERE message_id = '" + id + "'"))
        .containsExactly("user-1");
  }

  @Test
  void concurrentClaimsOfOneMessage_exactlyOneWins() {
    String id = UUID.randomUUID().toString();

    List<Boolean> claims =
        Flux.range(0, 8)
            .flatMap(i -> inbox.firstDelivery(id, "t", "user-1").as(transaction::transactional), 8)
            .collectList()
            .block(WAIT);

    assertThat(claims).containsOnlyOnce(true).hasSize(8);
  }

  @Test
  void refusesToRecordOutsideATransaction() {
    assertThatThrownBy(() -> inbox.firstDelivery("outside", "t", "u").block(WAIT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("transaction");
    assertThat(strings("SELECT message_id FROM processed_message")).isEmpty();
  }

  @Test
  void storesTheFirstResult_andAnswersWithIt() {
    String id = UUID.randomUUID().toString();
    CommandApplied applied =
        new CommandApplied(
            id,
            "user-1",
            "task-1",
            "evt1",
            "\"etag-1\"",
            Instant.parse("2026-12-01T10:00:00Z"),
            CommandApplied.Action.CREATED);
    CommandFailed later = new CommandFailed(id, "user-1", "task-1", "evt1", "late", false);

    inbox.recordResult(id, "calendar.commands", "user-1", applied).block(WAIT);
    inbox.recordResult(id, "calendar.commands", "user-1", later).block(WAIT);

    assertThat(inbox.resultOf(id).block(WAIT)).isEqualTo(applied);
    assertThat(inbox.resultOf("unknown").blockOptional(WAIT)).isEmpty();
  }

  @Test
  void deletesOnlyRowsPastTheRetention_inBatches() {
    for (int i = 0; i < 7; i++) {
      claim("old-" + i);
    }
    claim("recent");
    db.sql(
            "UPDATE processed_message SET processed_at = now() - interval '31 days'"
                + " WHERE message_id LIKE 'old-%'")
        .then()
        .block(WAIT);
    InboxMaintenance maintenance =
        new InboxMaintenance(
            db, new InboxProperties(true, Duration.ofDays(30), Duration.ofHours(1), 3));

    assertThat(maintenance.deleteExpired().block(WAIT)).isEqualTo(7);
    assertThat(strings("SELECT message_id FROM processed_message")).containsExactly("recent");
  }

  private boolean claim(String id) {
    return inbox.firstDelivery(id, "t", "user-1").as(transaction::transactional).block(WAIT);
  }

  private static List<String> strings(String sql) {
    return db.sql(sql).map(row -> row.get(0, String.class)).all().collectList().block(WAIT);
  }
}
