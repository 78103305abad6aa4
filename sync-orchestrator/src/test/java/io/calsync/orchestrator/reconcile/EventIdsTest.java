package io.calsync.orchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

  /** Google's rule for client-chosen event ids: base32hex characters, 5 to 1024 of them. */
  private static final String GOOGLE_EVENT_ID = "[a-v0-9]{5,1024}";

  @Test
  void usesOnlyTheBase32hexAlphabet_withinGooglesLengthLimits() {
    for (int i = 0; i < 1_000; i++) {
      String id = EventIds.of("user-" + UUID.randomUUID(), UUID.randomUUID().toString());

      assertThat(id).matches(GOOGLE_EVENT_ID).hasSize(EventIds.LENGTH).startsWith("cs");
    }
  }

  @Test
  void isDeterministic() {
    assertThat(EventIds.of("user-42", "task-1")).isEqualTo(EventIds.of("user-42", "task-1"));
  }

  @Test
  void matchesTheDocumentedDerivation() {
    // Computed independently: "cs" + lower(base32hex(sha256(userId + "\0" + taskId)))[:50], e.g.
    // in Python with base64.b32hexencode(hashlib.sha256(...).digest()).
    assertThat(EventIds.of("user-42", "7b0d1c2e-4f35-4a8b-9c61-0d2f3e4a5b6c"))
        .isEqualTo("cshb1k3lvm4l1qjdiqvf2vvnpnmr374rcvg2aguopm9ssb146ckp");
    assertThat(EventIds.of("u", "t"))
        .isEqualTo("csuqp17k5n6cbb4q5l61q8ru6sbfd955e2ia57mph8pqvt3gk4s0");
  }

  @Test
  void isDistinctForDistinctUserTaskPairs() {
    Set<String> ids = new HashSet<>();
    for (int user = 0; user < 100; user++) {
      for (int task = 0; task < 100; task++) {
        ids.add(EventIds.of("user-" + user, "task-" + task));
      }
    }
    assertThat(ids).hasSize(100 * 100);
    // The same characters split differently between user and task are different pairs.
    assertThat(EventIds.of("ab", "c")).isNotEqualTo(EventIds.of("a", "bc"));
    // The same task id under another owner is another event.
    assertThat(EventIds.of("user-1", "task-1")).isNotEqualTo(EventIds.of("user-2", "task-1"));
  }
}
