package io.calsync.orchestrator.googletocrm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskIdsTest {

  /** Vectors computed independently (Python: UUID(bytes=md5(name).digest(), version=3)). */
  @Test
  void derivesTheDocumentedNameBasedUuids() {
    assertThat(TaskIds.fromEvent("user-42", "abc123googleevent"))
        .isEqualTo("6778fbaa-5270-374b-a5ba-bd237fd025ba");
    assertThat(TaskIds.createCommand("user-42", "abc123googleevent"))
        .isEqualTo("e72bb573-33d5-36ea-b9ed-f2851c063d79");
  }

  @Test
  void differsPerUserAndEvent() {
    assertThat(TaskIds.fromEvent("user-1", "ev")).isNotEqualTo(TaskIds.fromEvent("user-2", "ev"));
    assertThat(TaskIds.fromEvent("user-1", "ev1")).isNotEqualTo(TaskIds.fromEvent("user-1", "ev2"));
    assertThat(TaskIds.fromEvent("user-1", "ev"))
        .isNotEqualTo(TaskIds.createCommand("user-1", "ev"));
  }
}
