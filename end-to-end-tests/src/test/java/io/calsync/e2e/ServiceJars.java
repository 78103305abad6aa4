package io.calsync.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;

/**
 * Finds the runnable (repackaged Spring Boot) jar of a service module: {@code
 * <root>/<module>/target/<module>-<version>.jar} first, then the copy {@code ./mvnw install} put in
 * the local Maven repository. The jar is copied into this module's build directory before it is
 * started, so that another build rewriting the module's target/ while the tests run cannot pull it
 * from under a running JVM.
 */
final class ServiceJars {

  private final Path root;
  private final Path localRepository;
  private final String version;
  private final Path copies;

  ServiceJars(Path root, Path localRepository, String version, Path copies) {
    this.root = root;
    this.localRepository = localRepository;
    this.version = version;
    this.copies = copies;
  }

  /** The places searched for {@code module}'s jar, in order. */
  List<Path> candidates(String module) {
    List<Path> candidates = new ArrayList<>();
    String file = module + "-" + version + ".jar";
    candidates.add(root.resolve(module).resolve("target").resolve(file));
    candidates.add(
        localRepository.resolve(Path.of("io", "calsync", module, version)).resolve(file));
    return candidates;
  }

  /** The first candidate that is a runnable Boot jar, or empty. */
  Optional<Path> find(String module) {
    return candidates(module).stream().filter(ServiceJars::isRunnableBootJar).findFirst();
  }

  /**
   * A private copy of {@code module}'s runnable jar.
   *
   * @throws IllegalStateException naming every place searched when there is none
   */
  Path stableCopy(String module) {
    Path jar =
        find(module)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "No runnable jar of "
                            + module
                            + " in "
                            + candidates(module)
                            + ": run ./mvnw verify from the root (or ./mvnw -pl "
                            + module
                            + " install -DskipTests)"));
    try {
      Files.createDirectories(copies);
      Path copy = copies.resolve(module + ".jar");
      Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
      if (!isRunnableBootJar(copy)) {
        // Another build was rewriting the jar while it was copied; its next state is complete.
        throw new IllegalStateException(
            "The jar of " + module + " at " + jar + " changed while it was copied; run again");
      }
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy " + jar, e);
    }
  }

  /** A complete repackaged jar, not the plain one Maven writes before repackaging. */
  static boolean isRunnableBootJar(Path jar) {
    if (!Files.isRegularFile(jar)) {
      return false;
    }
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.getManifest() != null
          && file.getManifest().getMainAttributes().getValue("Start-Class") != null;
    } catch (IOException e) {
      return false;
    }
  }
}
