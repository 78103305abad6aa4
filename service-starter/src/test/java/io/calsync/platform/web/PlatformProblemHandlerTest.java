package io.calsync.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.web.reactive.WebFluxAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ResponseStatusException;

class PlatformProblemHandlerTest {

  private final WebTestClient http =
      WebTestClient.bindToController(new Failing())
          .controllerAdvice(new PlatformProblemHandler())
          .build();

  @Test
  void answersAnUnexpectedFailureWithABareProblem_thatNamesNothingOfTheCause() {
    http.get()
        .uri("/boom")
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody(String.class)
        .value(body -> assertThat(body).contains("\"status\":500").doesNotContain("secret-cause"));
  }

  @Test
  void answersResponseStatusExceptionsAndFrameworkErrorsAsProblems() {
    http.get()
        .uri("/missing")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .isEqualTo("no such thing");
    http.get()
        .uri("/number?n=abc")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void replacesSpringBootsProblemDetailsHandler_andStepsBackForAServicesOwn() {
    ReactiveWebApplicationContextRunner runner =
        new ReactiveWebApplicationContextRunner()
            .withPropertyValues("spring.webflux.problemdetails.enabled=true")
            .withConfiguration(
                AutoConfigurations.of(
                    PlatformWebAutoConfiguration.class, WebFluxAutoConfiguration.class));
    runner.run(
        context ->
            assertThat(context)
                .getBeans(ResponseEntityExceptionHandler.class)
                .hasSize(1)
                .allSatisfy(
                    (name, bean) -> assertThat(bean).isInstanceOf(PlatformProblemHandler.class)));
    runner
        .withBean(OwnHandler.class)
        .run(
            context ->
                assertThat(context)
                    .getBeans(ResponseEntityExceptionHandler.class)
                    .hasSize(1)
                    .allSatisfy((name, bean) -> assertThat(bean).isInstanceOf(OwnHandler.class)));
  }

  static class OwnHandler extends PlatformProblemHandler {}

  @RestController
  static class Failing {
    @GetMapping("/boom")
    String boom() {
      throw new IllegalStateException("secret-cause");
    }

    @GetMapping("/missing")
    String missing() {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such thing");
    }

    @GetMapping("/number")
    String number(@RequestParam int n) {
      return Integer.toString(n);
    }
  }
}
