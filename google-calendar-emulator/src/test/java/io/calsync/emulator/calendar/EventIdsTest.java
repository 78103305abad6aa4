package io.calsync.emulator.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.calsync.emulator.wire.GoogleApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventIdsTest {

  @ParameterizedTest
  @ValueSource(strings = {"abcde", "0123456789", "vvvvv", "a1b2c3d4e5f6g7h8i9j0klmnopqrstuv"})
  void acceptsBase32hexOfFiveOrMoreCharacters(String id) {
    assertThat(EventIds.isValid(id)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"abcd", "abcdw", "ABCDE", "abc-de", "abc_de", "abcdé", "wxyz0"})
  void rejectsOtherCharactersAndShortIds(String id) {
    assertThat(EventIds.isValid(id)).isFalse();
  }

  @Test
  void limitsLengthTo1024() {
    assertThat(EventIds.isValid("a".repeat(1024))).isTrue();
    assertThat(EventIds.isValid("a".repeat(1025))).isFalse();
  }

  @Test
  void generatedIdsAreValidAndDistinct() {
    String first = EventIds.generate();
    assertThat(EventIds.isValid(first)).isTrue();
    assertThat(EventIds.generate()).isNotEqualTo(first);
  }

  @Test
  void invalidIdIsA400Invalid() {
    assertThatThrownBy(() -> EventIds.requireValid("nope"))
        .isInstanceOfSatisfying(
            GoogleApiException.class,
            e -> {
              assertThat(e.status().value()).isEqualTo(400);
              assertThat(e.reason()).isEqualTo("invalid");
            });
  }
}
