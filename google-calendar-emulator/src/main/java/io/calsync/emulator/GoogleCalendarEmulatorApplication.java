package io.calsync.emulator;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.info.InfoEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.reactive.ReactiveManagementContextAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementContextAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.http.codec.CodecsAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.HttpHandlerAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.ReactiveWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.WebFluxAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.error.ErrorWebFluxAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;

/**
 * The emulator's Spring Boot application. Auto-configuration is an explicit list, not
 * {@code @EnableAutoConfiguration}: embedded in another module's tests, the emulator must not pick
 * up that module's security, R2DBC, Kafka or Flyway from the shared classpath.
 */
@SpringBootConfiguration
@ComponentScan
@ConfigurationPropertiesScan
@ImportAutoConfiguration({
  PropertyPlaceholderAutoConfiguration.class,
  JacksonAutoConfiguration.class,
  CodecsAutoConfiguration.class,
  SslAutoConfiguration.class,
  ReactiveWebServerFactoryAutoConfiguration.class,
  WebFluxAutoConfiguration.class,
  HttpHandlerAutoConfiguration.class,
  ErrorWebFluxAutoConfiguration.class,
  EndpointAutoConfiguration.class,
  WebEndpointAutoConfiguration.class,
  HealthContributorAutoConfiguration.class,
  HealthEndpointAutoConfiguration.class,
  InfoEndpointAutoConfiguration.class,
  ManagementContextAutoConfiguration.class,
  ReactiveManagementContextAutoConfiguration.class
})
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
