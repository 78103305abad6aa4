package io.calsync.task.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.calsync.task.tasks.TaskQuery.Position;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CursorsTest {

  @Test
  void decodesWhatItEncodes_toTheMicrosecond() {
    Position position =
        new Position(Instant.parse("2026-03-01T10:02:11.250123Z"), UUID.randomUUID());

    String cursor = Cursors.encode(position);

    assertThat(cursor).matches("[A-Za-z0-9_-]+");
    assertThat(Cursors.decode(cursor)).isEqualTo(position);
  }

  @Test
  void rejectsAnythingElse_namingTheCursorParameter() {
    for (String garbage : new String[] {"bm9wZQ", "%%%", "", "MjAyNnx4"}) {
      assertThatThrownBy(() -> Cursors.decode(garbage))
          .isInstanceOfSatisfying(
              InvalidRequestException.class,
              e -> assertThat(e.fields()).extracting(f -> f.field()).containsExactly("cursor"));
    }
  }
}
