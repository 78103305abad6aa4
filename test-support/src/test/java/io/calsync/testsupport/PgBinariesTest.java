package io.calsync.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgBinariesTest {

  @TempDir Path temp;

  @Test
  void locate_prefersCalsyncPgBin_overPathAndVersionedDirectories() throws IOException {
    Path explicit = serverTools(temp.resolve("explicit"));
    Path onPath = serverTools(temp.resolve("on-path"));
    Path root = temp.resolve("usr-lib-postgresql");
    serverTools(root.resolve("15/bin"));

    Map<String, String> env =
        Map.of("CALSYNC_PG_BIN", explicit.toString(), "PATH", onPath.toString());

    assertThat(PgBinaries.locate(env, root)).contains(explicit);
  }

  @Test
  void locate_prefersPath_overVersionedDirectories() throws IOException {
    Path onPath = serverTools(temp.resolve("on-path"));
    Path root = temp.resolve("usr-lib-postgresql");
    serverTools(root.resolve("15/bin"));

    Map<String, String> env = Map.of("PATH", temp.resolve("empty") + ":" + onPath);

    assertThat(PgBinaries.locate(env, root)).contains(onPath);
  }

  @Test
  void locate_picksTheNewestVersionedDirectory() throws IOException {
    Path root = temp.resolve("usr-lib-postgresql");
    serverTools(root.resolve("9.6/bin"));
    serverTools(root.resolve("13/bin"));
    Path newest = serverTools(root.resolve("16/bin"));

    assertThat(PgBinaries.locate(Map.of("PATH", ""), root)).contains(newest);
  }

  @Test
  void locate_ignoresDirectoriesWithoutBothTools_andMissingRoots() throws IOException {
    Path onlyInitdb = temp.resolve("only-initdb");
    executable(onlyInitdb.resolve("initdb"));

    assertThat(PgBinaries.locate(Map.of("PATH", onlyInitdb.toString()), temp.resolve("absent")))
        .isEmpty();
  }

  private static Path serverTools(Path dir) throws IOException {
    executable(dir.resolve("initdb"));
    executable(dir.resolve("pg_ctl"));
    return dir;
  }

  private static void executable(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
