package io.calsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A service's {@code /actuator/prometheus} page, read as an operator's scraper reads it. */
final class Prometheus {

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+\\S+)?$");

  private final String page;

  private Prometheus(String page) {
    this.page = page;
  }

  static Prometheus scrape(String serviceUrl) {
    Api.Response answer =
        new Api(serviceUrl, null)
            .send("GET", "/actuator/prometheus", null, Map.of("Accept", "text/plain"));
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    return new Prometheus(answer.body());
  }

  /** The sum of every sample of {@code name} whose labels include {@code labels}; 0 when none. */
  double sum(String name, Map<String, String> labels) {
    double sum = 0;
    for (String line : page.split("\n")) {
      Matcher sample = SAMPLE.matcher(line.trim());
      if (line.startsWith("#") || !sample.matches() || !sample.group(1).equals(name)) {
        continue;
      }
      String labelText = sample.group(3) == null ? "" : sample.group(3);
      boolean matches =
          labels.entrySet().stream()
              .allMatch(
                  label -> labelText.contains(label.getKey() + "=\"" + label.getValue() + "\""));
      if (matches) {
        sum += Double.parseDouble(sample.group(4));
      }
    }
    return sum;
  }

  @Override
  public String toString() {
    return page;
  }
}
