package io.calsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceJarsTest {

  @TempDir Path root;
  @TempDir Path repository;
  @TempDir Path copies;

  private ServiceJars jars() {
    return new ServiceJars(root, repository, "0.1.0-SNAPSHOT", copies);
  }

  private Path inTarget() {
    return root.resolve("task-service/target/task-service-0.1.0-SNAPSHOT.jar");
  }

  private Path inRepository() {
    return repository.resolve(
        "io/calsync/task-service/0.1.0-SNAPSHOT/task-service-0.1.0-SNAPSHOT.jar");
  }

  @Test
  void prefersTheModulesTargetJar_overTheInstalledOne() throws IOException {
    writeJar(inTarget(), "io.calsync.task.TaskServiceApplication");
    writeJar(inRepository(), "io.calsync.task.TaskServiceApplication");

    assertThat(jars().find("task-service")).contains(inTarget());
  }

  @Test
  void fallsBackToTheLocalRepository_whenTargetHoldsNoRunnableJar() throws IOException {
    // The plain jar Maven writes before the Boot plugin repackages it.
    writeJar(inTarget(), null);
    writeJar(inRepository(), "io.calsync.task.TaskServiceApplication");

    assertThat(jars().find("task-service")).contains(inRepository());
  }

  @Test
  void copiesTheJarItStarts_soThatARebuildCannotChangeItUnderTheRunningService()
      throws IOException {
    writeJar(inTarget(), "io.calsync.task.TaskServiceApplication");

    Path copy = jars().stableCopy("task-service");

    assertThat(copy).startsWith(copies).hasSameBinaryContentAs(inTarget());
  }

  @Test
  void saysHowToBuildTheJars_whenThereIsNone() {
    assertThatThrownBy(() -> jars().stableCopy("task-service"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("run ./mvnw verify from the root")
        .hasMessageContaining(inTarget().toString())
        .hasMessageContaining(inRepository().toString());
  }

  private static void writeJar(Path jar, String startClass) throws IOException {
    Files.createDirectories(jar.getParent());
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (startClass != null) {
      manifest.getMainAttributes().putValue("Start-Class", startClass);
    }
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream ignored = new JarOutputStream(out, manifest)) {
      // A manifest is all the lookup reads.
    }
  }
}
