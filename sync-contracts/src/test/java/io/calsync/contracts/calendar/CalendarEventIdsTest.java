package io.calsync.contracts.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CalendarEventIdsTest {

  @Test
  void matchesTheGoldenVectors() {
    // Computed independently: "cs" + lower(base32hex(sha256(userId + "\0" + taskId)))[:50], e.g.
    // in Python with base64.b32hexencode(hashlib.sha256(...).digest()). The same vectors as the
    // orchestrator's EventIdsTest, so both derivations are known to agree.
    assertThat(CalendarEventIds.of("user-42", "7b0d1c2e-4f35-4a8b-9c61-0d2f3e4a5b6c"))
        .isEqualTo("cshb1k3lvm4l1qjdiqvf2vvnpnmr374rcvg2aguopm9ssb146ckp");
    assertThat(CalendarEventIds.of("u", "t"))
        .isEqualTo("csuqp17k5n6cbb4q5l61q8ru6sbfd955e2ia57mph8pqvt3gk4s0");
  }

  @Test
  void isValidForGoogle_andTellsWhoseIdItIs() {
    String id = CalendarEventIds.of("user-1", "task-1");
    assertThat(id).matches("[a-v0-9]{52}").startsWith(CalendarEventIds.PREFIX);
    assertThat(CalendarEventIds.isOf(id, "user-1", "task-1")).isTrue();
    assertThat(CalendarEventIds.isOf(id, "user-2", "task-1")).isFalse();
    assertThat(CalendarEventIds.isOf(id, "user-1", "task-2")).isFalse();
    assertThat(CalendarEventIds.isOf(null, "user-1", "task-1")).isFalse();
  }
}
