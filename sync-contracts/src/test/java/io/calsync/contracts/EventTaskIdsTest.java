package io.calsync.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.calsync.contracts.task.EventTaskIds;
import org.junit.jupiter.api.Test;

class EventTaskIdsTest {

  /** Golden vector computed independently (Python: UUID(bytes=md5(name).digest(), version=3)). */
  @Test
  void derivesTheDocumentedNameBasedUuid() {
    assertThat(EventTaskIds.fromEvent("user-42", "abc123googleevent"))
        .isEqualTo("6778fbaa-5270-374b-a5ba-bd237fd025ba");
  }

  @Test
  void differsPerUserAndEvent_andRecognisesTheTaskOfAnEvent() {
    assertThat(EventTaskIds.fromEvent("user-1", "ev"))
        .isNotEqualTo(EventTaskIds.fromEvent("user-2", "ev"));
    assertThat(EventTaskIds.fromEvent("user-1", "ev1"))
        .isNotEqualTo(EventTaskIds.fromEvent("user-1", "ev2"));
    assertThat(EventTaskIds.createdFrom("user-1", EventTaskIds.fromEvent("user-1", "ev"), "ev"))
        .isTrue();
    assertThat(EventTaskIds.createdFrom("user-1", "7b0d1c2e-4f35-4a8b-9c61-0d2f3e4a5b6c", "ev"))
        .isFalse();
  }
}
