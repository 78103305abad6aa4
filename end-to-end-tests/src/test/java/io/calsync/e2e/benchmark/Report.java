package io.calsync.e2e.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The printed result of a run, also written to {@code <results-directory>/<name>.txt}. */
final class Report {

  private final String name;
  private final List<String> lines = new ArrayList<>();

  Report(String name, String title) {
    this.name = name;
    lines.add("=== " + title + " ===");
    lines.add(
        String.format(
            Locale.ROOT,
            "machine: %d cores, Java %s (%s), load average %.2f at the end; run ended %s",
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version"),
            System.getProperty("java.vm.name"),
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
            Instant.now().truncatedTo(ChronoUnit.SECONDS)));
  }

  Report line(String line) {
    lines.add(line);
    return this;
  }

  Report line(String format, Object... arguments) {
    return line(String.format(Locale.ROOT, format, arguments));
  }

  /** Prints the report and writes it next to the other results; returns the file. */
  Path publish() {
    String text = String.join(System.lineSeparator(), lines) + System.lineSeparator();
    System.out.print(System.lineSeparator() + text);
    System.out.flush();
    Path file = BenchmarkSettings.resultsDirectory().resolve(name + ".txt");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
