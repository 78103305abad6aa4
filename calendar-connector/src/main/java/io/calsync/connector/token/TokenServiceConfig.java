package io.calsync.connector.token;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/** The client of token-service with its resilience4j instances named {@code token-service}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TokenServiceProperties.class)
class TokenServiceConfig {

  static final String RESILIENCE_INSTANCE = "token-service";

  @Bean
  AccessTokenClient accessTokenClient(
      WebClient.Builder webClients,
      TokenServiceProperties properties,
      RetryRegistry retries,
      CircuitBreakerRegistry circuitBreakers) {
    Clock clock = Clock.systemUTC();
    return new AccessTokenClient(
        webClients.build(),
        new ServiceTokenIssuer(properties.serviceToken(), clock),
        properties,
        retries.retry(RESILIENCE_INSTANCE),
        circuitBreakers.circuitBreaker(RESILIENCE_INSTANCE),
        clock);
  }
}
