package io.calsync.token.erasure;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * calendar-connector's {@code POST /internal/v1/users/{userId}/google-cleanups}, authenticated like
 * the connector's calls to this service: a short-lived HS256 JWT with {@code roles: ["SERVICE"]}
 * ({@link ConnectorProperties.ServiceToken} names the limit of that).
 */
@Component
@EnableConfigurationProperties(ConnectorProperties.class)
class ConnectorClient {

  static final String PATH = "/internal/v1/users/{userId}/google-cleanups";
  static final String SERVICE_ROLE = "SERVICE";

  /** The connector's answer. */
  record Cleanup(int createdEventsDeleted, int stampedEventsKept) {}

  /** The connector answered that the user's grant no longer works (409). */
  static final class GrantLost extends RuntimeException {
    GrantLost() {
      super("the connector could not use the user's grant");
    }
  }

  private final WebClient http;
  private final ConnectorProperties properties;
  private final NimbusJwtEncoder encoder;
  private final Clock clock;

  ConnectorClient(WebClient.Builder http, ConnectorProperties properties, Clock clock) {
    this.http = http.build();
    this.properties = properties;
    this.clock = clock;
    this.encoder =
        new NimbusJwtEncoder(
            new ImmutableSecret<>(
                new SecretKeySpec(
                    properties.serviceToken().secret().getBytes(StandardCharsets.UTF_8),
                    "HmacSHA256")));
  }

  /** Stops the user's push channels and, if asked, deletes the events CalSync created. */
  Mono<Cleanup> cleanUp(String userId, boolean deleteCreatedEvents) {
    return http.post()
        .uri(properties.url() + PATH, userId)
        .headers(headers -> headers.setBearerAuth(serviceToken()))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("deleteCreatedEvents", deleteCreatedEvents))
        .exchangeToMono(
            response -> {
              if (response.statusCode().is2xxSuccessful()) {
                return response.bodyToMono(Cleanup.class);
              }
              if (response.statusCode().value() == 404 || response.statusCode().value() == 409) {
                return response.releaseBody().then(Mono.error(new GrantLost()));
              }
              return response
                  .releaseBody()
                  .then(
                      Mono.error(
                          new IllegalStateException(
                              "calendar-connector answered " + response.statusCode())));
            })
        .timeout(properties.timeout());
  }

  /** A fresh token per call: erasures are rare, and nothing to cache means nothing to leak. */
  private String serviceToken() {
    Instant now = clock.instant();
    JwtClaimsSet claims =
        JwtClaimsSet.builder()
            .subject(properties.serviceToken().subject())
            .claim("roles", List.of(SERVICE_ROLE))
            .issuedAt(now)
            .expiresAt(now.plus(properties.serviceToken().ttl()))
            .build();
    return encoder
        .encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
        .getTokenValue();
  }
}
