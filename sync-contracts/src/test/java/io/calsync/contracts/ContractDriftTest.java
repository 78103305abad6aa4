package io.calsync.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.calsync.contracts.GoldenFiles.GoldenFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Registry, schemas, golden files and topics cannot drift apart. */
class ContractDriftTest {

  private static final Path RESOURCES = Path.of("src/main/resources");

  @Test
  void everyRegisteredTypeHasASchema_andEverySchemaARegisteredType() throws IOException {
    Set<String> schemaTypes =
        fileNames(RESOURCES.resolve(EventType.SCHEMA_DIRECTORY)).stream()
            .map(name -> name.replaceFirst("\\.schema\\.json$", ""))
            .collect(Collectors.toSet());

    assertThat(schemaTypes).isEqualTo(registeredTypes());
    EventTypes.ALL.forEach(
        type ->
            assertThat(getClass().getClassLoader().getResource(type.schemaResource()))
                .as(type.schemaResource())
                .isNotNull());
  }

  @Test
  void everyRegisteredTypeHasAPrimaryGoldenFile_andEveryGoldenFileARegisteredType() {
    Set<String> goldenTypes =
        GoldenFiles.all().stream().map(GoldenFile::ceType).collect(Collectors.toSet());

    assertThat(goldenTypes).isEqualTo(registeredTypes());
    EventTypes.ALL.forEach(
        type -> assertThat(GoldenFiles.primary(type.ceType()).json()).isNotBlank());
  }

  @Test
  void goldenIndexListsExactlyTheGoldenFiles() throws IOException {
    Set<String> onDisk = fileNames(RESOURCES.resolve(GoldenFiles.DIRECTORY));
    onDisk.remove("index.txt");

    assertThat(GoldenFiles.all().stream().map(GoldenFile::fileName))
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(onDisk);
  }

  @Test
  void typesAreVersionedAndUnique_andTravelOnContractTopics() {
    assertThat(EventTypes.ALL)
        .allSatisfy(
            type -> {
              assertThat(type.ceType()).matches("io\\.calsync\\.[a-z]+\\.[a-z-]+\\.v[1-9][0-9]*");
              assertThat(Topics.spec(type.topic())).isNotNull();
            });
    assertThat(EventTypes.ALL.stream().map(EventType::ceType)).doesNotHaveDuplicates();
    assertThat(EventTypes.ALL.stream().map(EventType::bodyClass)).doesNotHaveDuplicates();
  }

  @Test
  void everyTopicCarriesAtLeastOneType() {
    assertThat(Topics.ALL)
        .allSatisfy(spec -> assertThat(EventTypes.onTopic(spec.name())).isNotEmpty());
  }

  @Test
  void registryLooksUpBothWays() {
    EventTypes.ALL.forEach(
        type -> {
          assertThat(EventTypes.byCeType(type.ceType())).containsSame(type);
          assertThat(EventTypes.byClass(type.bodyClass())).containsSame(type);
        });
    assertThat(EventTypes.byCeType("io.calsync.task.updated.v0")).isEmpty();
  }

  private static Set<String> registeredTypes() {
    return EventTypes.ALL.stream().map(EventType::ceType).collect(Collectors.toSet());
  }

  private static Set<String> fileNames(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .map(path -> path.getFileName().toString())
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
