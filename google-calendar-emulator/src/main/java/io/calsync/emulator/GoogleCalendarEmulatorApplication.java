package io.calsync.emulator;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class GoogleCalendarEmulatorApplication {

  /** Its own config file name keeps the emulator independent of an embedding module's config. */
  static final String CONFIG_NAME = "spring.config.name=google-calendar-emulator";

  public static void main(String[] args) {
    builder().run(args);
  }

  static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(GoogleCalendarEmulatorApplication.class)
        .web(WebApplicationType.REACTIVE)
        .properties(CONFIG_NAME);
  }
}
