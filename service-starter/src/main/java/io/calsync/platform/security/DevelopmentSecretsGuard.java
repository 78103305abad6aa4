package io.calsync.platform.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Profiles;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;

/**
 * Refuses to start a service outside the {@value #PROFILE} profile while one of its secrets holds a
 * published development value.
 *
 * <p>A service keeps the values that let it run locally without any set-up (the HS256 secret the
 * tests sign with, the emulator's OAuth client secret, a fixed encryption key, the database
 * password of {@code bin/calsync-local}) in {@value #FILE}, and only there: its {@code
 * application.yml} reads the same settings from the environment with no default, so a production
 * start without them fails on the setting's own validation. Each entry of the development file is
 * written {@code ${ENV_VAR:published-value}}. Anyone can read those values in the repository, so
 * outside the development profile this guard compares every such setting's effective value (from
 * the environment, a mounted {@code configtree}, a command-line argument, anything) with the
 * published one and stops the start-up, naming the setting and its variable. It runs right after
 * the configuration files are loaded, before any bean exists: nothing connects anywhere first.
 *
 * <p>With the profile active ({@code bin/calsync-local}, the tests), it only logs a warning.
 */
public class DevelopmentSecretsGuard implements EnvironmentPostProcessor, Ordered {

  /** The profile that allows the published values; set by {@code bin/calsync-local} and tests. */
  public static final String PROFILE = "development";

  /** The classpath file that holds a service's published development values, and nothing else. */
  public static final String FILE = "application-development.yml";

  private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{([A-Za-z0-9_.-]+):(.*)}$");

  private final Log log;

  public DevelopmentSecretsGuard(DeferredLogFactory logs) {
    this.log = logs.getLog(DevelopmentSecretsGuard.class);
  }

  @Override
  public int getOrder() {
    return ConfigDataEnvironmentPostProcessor.ORDER + 1;
  }

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    ClassLoader classLoader =
        application.getClassLoader() != null
            ? application.getClassLoader()
            : DevelopmentSecretsGuard.class.getClassLoader();
    List<PublishedSetting> published = publishedSettings(new ClassPathResource(FILE, classLoader));
    if (published.isEmpty()) {
      return;
    }
    if (environment.acceptsProfiles(Profiles.of(PROFILE))) {
      log.warn(
          "The '"
              + PROFILE
              + "' profile is active: settings may hold the published development values of "
              + FILE
              + ". Never run it like this with real users.");
      return;
    }
    List<String> offending = new ArrayList<>();
    for (PublishedSetting setting : published) {
      if (Objects.equals(setting.value(), environment.getProperty(setting.property()))) {
        offending.add(setting.describe());
      }
    }
    if (!offending.isEmpty()) {
      throw new IllegalStateException(
          "Refusing to start: "
              + String.join(", ", offending)
              + (offending.size() == 1 ? " holds its" : " hold their")
              + " published development value (see "
              + FILE
              + "). Set a secret of your own from the environment or a mounted file"
              + " (README, \"Production secrets\"), or activate the '"
              + PROFILE
              + "' profile for a local run.");
    }
  }

  /** One setting of the development file: its property, its variable and its published value. */
  public record PublishedSetting(String property, String variable, String value) {

    String describe() {
      return variable == null ? property : property + " (" + variable + ")";
    }
  }

  /** The settings {@code file} publishes; none when the service has no such file. */
  public static List<PublishedSetting> publishedSettings(Resource file) {
    if (!file.exists()) {
      return List.of();
    }
    Map<String, PublishedSetting> settings = new LinkedHashMap<>();
    try {
      for (PropertySource<?> document : new YamlPropertySourceLoader().load(FILE, file)) {
        if (document instanceof EnumerablePropertySource<?> enumerable) {
          for (String property : enumerable.getPropertyNames()) {
            String raw = String.valueOf(enumerable.getProperty(property));
            Matcher placeholder = PLACEHOLDER.matcher(raw);
            settings.put(
                property,
                placeholder.matches()
                    ? new PublishedSetting(property, placeholder.group(1), placeholder.group(2))
                    : new PublishedSetting(property, null, raw));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + FILE, e);
    }
    return List.copyOf(settings.values());
  }
}
