package io.calsync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Runs short-lived OS commands and reports their output when they fail. */
final class OsCommands {

  private OsCommands() {}

  /**
   * Runs a command to completion. Output goes to a file rather than a pipe, so a daemon the command
   * leaves behind (pg_ctl start) cannot keep us waiting for end-of-stream.
   *
   * @return the command's combined stdout and stderr
   * @throws IllegalStateException with that output when it exits non-zero or times out
   */
  static String run(List<String> command, Path workingDirectory, Duration timeout) {
    Path output = null;
    try {
      output = Files.createTempFile("calsync-cmd-", ".out");
      Process process =
          new ProcessBuilder(command)
              .directory(workingDirectory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      if (!finished || process.exitValue() != 0) {
        throw new IllegalStateException(
            "Command "
                + String.join(" ", command)
                + (finished ? " exited with " + process.exitValue() : " timed out after " + timeout)
                + ". Output:\n"
                + text);
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running " + command, e);
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException ignored) {
          // A leftover temp file is harmless.
        }
      }
    }
  }

  static boolean runningAsRoot() {
    if ("root".equals(System.getProperty("user.name"))) {
      return true;
    }
    try {
      return run(List.of("id", "-u"), Path.of("."), Duration.ofSeconds(10)).trim().equals("0");
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Wraps a command so it runs as {@code user}: runuser when present, su otherwise. */
  static List<String> asUser(String user, List<String> command) {
    List<String> wrapped = new ArrayList<>();
    Optional<Path> runuser = findExecutable("runuser");
    if (runuser.isPresent()) {
      wrapped.addAll(List.of(runuser.get().toString(), "-u", user, "--"));
      wrapped.addAll(command);
    } else {
      wrapped.addAll(List.of("su", user, "-s", "/bin/sh", "-c"));
      wrapped.add(command.stream().map(OsCommands::shellQuote).collect(Collectors.joining(" ")));
    }
    return wrapped;
  }

  static String tail(Path file, int lines) {
    try {
      if (!Files.exists(file)) {
        return "(no " + file + ")";
      }
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(could not read " + file + ": " + e + ")";
    }
  }

  static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      paths
          .sorted((a, b) -> b.getNameCount() - a.getNameCount())
          .forEach(
              path -> {
                try {
                  Files.deleteIfExists(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException("Could not delete " + root, e);
    }
  }

  private static Optional<Path> findExecutable(String executable) {
    String path = System.getenv("PATH");
    List<String> dirs = new ArrayList<>(List.of("/usr/sbin", "/sbin"));
    if (path != null) {
      dirs.addAll(List.of(path.split(java.io.File.pathSeparator)));
    }
    return dirs.stream()
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, executable))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static String shellQuote(String word) {
    return "'" + word.replace("'", "'\"'\"'") + "'";
  }
}
