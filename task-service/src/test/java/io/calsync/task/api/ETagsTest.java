package io.calsync.task.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ETagsTest {

  @Test
  void writesTheVersionAsAStrongTag() {
    assertThat(ETags.of(3)).isEqualTo("\"3\"");
  }

  @Test
  void readsTheVersionOfAStrongOrWeakTag() {
    assertThat(ETags.expectedVersion("\"3\"")).isEqualTo(3);
    assertThat(ETags.expectedVersion("W/\"3\"")).isEqualTo(3);
    assertThat(ETags.expectedVersion(" \"12\" , \"13\"")).isEqualTo(12);
  }

  @Test
  void acceptsAnyVersion_whenAbsentOrStar() {
    assertThat(ETags.expectedVersion(null)).isNull();
    assertThat(ETags.expectedVersion(" ")).isNull();
    assertThat(ETags.expectedVersion("*")).isNull();
  }

  @Test
  void matchesNoVersion_whenTheTagIsNotOurs() {
    assertThat(ETags.expectedVersion("\"abc\"")).isEqualTo(ETags.UNMATCHABLE);
    assertThat(ETags.expectedVersion("\"\"")).isEqualTo(ETags.UNMATCHABLE);
  }
}
