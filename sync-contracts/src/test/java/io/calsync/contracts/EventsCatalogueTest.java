package io.calsync.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/events.md is the catalogue other teams publish from; it must name everything the code has.
 */
class EventsCatalogueTest {

  private static final Path CATALOGUE = Path.of("../docs/events.md");

  @Test
  void catalogueMentionsEveryCeType() throws IOException {
    String catalogue = Files.readString(CATALOGUE);

    assertThat(EventTypes.ALL)
        .allSatisfy(type -> assertThat(catalogue).contains("`" + type.ceType() + "`"));
  }

  @Test
  void catalogueMentionsEveryTopicAndItsDeadLetterTopic() throws IOException {
    String catalogue = Files.readString(CATALOGUE);

    assertThat(Topics.ALL)
        .allSatisfy(
            spec ->
                assertThat(catalogue)
                    .contains("`" + spec.name() + "`")
                    .contains(spec.deadLetter().name()));
  }

  @Test
  void catalogueMentionsEveryBodyField() throws IOException {
    String catalogue = Files.readString(CATALOGUE);

    assertThat(EventTypes.ALL)
        .allSatisfy(
            type ->
                assertThat(type.bodyClass().getRecordComponents())
                    .allSatisfy(
                        component ->
                            assertThat(catalogue).contains("| `" + component.getName() + "` |")));
  }

  @Test
  void workedExampleBodyIsTheGoldenTaskUpdated() throws IOException {
    String bodyLine =
        Files.readString(CATALOGUE)
            .lines()
            .filter(line -> line.startsWith("BODY='"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no BODY='...' line in the worked example"));
    String body = bodyLine.substring("BODY='".length(), bodyLine.length() - 1);
    ObjectMapper json = ContractJson.newMapper();

    assertThat(json.readTree(body))
        .isEqualTo(json.readTree(GoldenFiles.primary(EventTypes.TASK_UPDATED).json()));
  }
}
