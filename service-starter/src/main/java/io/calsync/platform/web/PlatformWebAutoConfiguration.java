package io.calsync.platform.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.web.reactive.WebFluxAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;

/**
 * problem+json for every service API ({@link PlatformProblemHandler}), unless the service declares
 * its own {@link ResponseEntityExceptionHandler} (usually a subclass of it). Runs before Spring
 * Boot's WebFlux configuration, whose own problem-details handler then steps back.
 */
@AutoConfiguration(before = WebFluxAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(ResponseEntityExceptionHandler.class)
public class PlatformWebAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(ResponseEntityExceptionHandler.class)
  PlatformProblemHandler platformProblemHandler() {
    return new PlatformProblemHandler();
  }
}
