package io.calsync.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds a directory holding both {@code initdb} and {@code pg_ctl}: {@value #BIN_VARIABLE}, then
 * {@code PATH}, then Debian's {@code /usr/lib/postgresql/<version>/bin}, newest version first.
 */
final class PgBinaries {

  static final String BIN_VARIABLE = "CALSYNC_PG_BIN";
  static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");

  private PgBinaries() {}

  static Optional<Path> locate(Map<String, String> environment, Path versionedRoot) {
    List<Path> candidates = new ArrayList<>();
    String explicit = environment.get(BIN_VARIABLE);
    if (explicit != null && !explicit.isBlank()) {
      candidates.add(Path.of(explicit.trim()));
    }
    String path = environment.get("PATH");
    if (path != null) {
      for (String entry : path.split(File.pathSeparator)) {
        if (!entry.isBlank()) {
          candidates.add(Path.of(entry));
        }
      }
    }
    candidates.addAll(versionedBinDirectories(versionedRoot));
    return candidates.stream().filter(PgBinaries::holdsServerTools).findFirst();
  }

  private static List<Path> versionedBinDirectories(Path root) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .filter(dir -> dir.getFileName().toString().matches("\\d+(\\.\\d+)?"))
          .sorted(Comparator.comparingDouble(PgBinaries::versionOf).reversed())
          .map(dir -> dir.resolve("bin"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double versionOf(Path versionDir) {
    return Double.parseDouble(versionDir.getFileName().toString());
  }

  private static boolean holdsServerTools(Path dir) {
    return Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"));
  }
}
