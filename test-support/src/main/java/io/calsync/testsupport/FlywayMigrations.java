package io.calsync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** The versioned Flyway migrations a service ships, to compare with what a database applied. */
public final class FlywayMigrations {

  private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9._]*)__.+\\.sql");

  private FlywayMigrations() {}

  /**
   * The versions of the {@code db/migration/V<version>__<name>.sql} files on the class path, in
   * Flyway's order, written as Flyway records them ({@code V1_1__x.sql} is version {@code 1.1}).
   */
  public static List<String> versionsOnClasspath() {
    try {
      Resource[] files =
          new PathMatchingResourcePatternResolver()
              .getResources("classpath*:db/migration/V*__*.sql");
      return Arrays.stream(files)
          .map(Resource::getFilename)
          .filter(Objects::nonNull)
          .map(VERSIONED::matcher)
          .filter(Matcher::matches)
          .map(matcher -> matcher.group(1).replace('_', '.'))
          .distinct()
          .sorted(Comparator.comparing(Version::new))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list db/migration", e);
    }
  }

  /** Orders dotted versions part by part, numerically (1.10 after 1.9). */
  private record Version(String version) implements Comparable<Version> {
    @Override
    public int compareTo(Version other) {
      String[] mine = version.split("\\.");
      String[] theirs = other.version.split("\\.");
      for (int i = 0; i < Math.max(mine.length, theirs.length); i++) {
        BigDecimal a = i < mine.length ? new BigDecimal(mine[i]) : BigDecimal.ZERO;
        BigDecimal b = i < theirs.length ? new BigDecimal(theirs[i]) : BigDecimal.ZERO;
        int order = a.compareTo(b);
        if (order != 0) {
          return order;
        }
      }
      return 0;
    }
  }
}
