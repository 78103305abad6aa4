package io.calsync.token.google;

import com.google.api.client.auth.oauth2.AuthorizationCodeTokenRequest;
import com.google.api.client.auth.oauth2.ClientParametersAuthentication;
import com.google.api.client.auth.oauth2.RefreshTokenRequest;
import com.google.api.client.auth.oauth2.TokenRequest;
import com.google.api.client.auth.oauth2.TokenResponse;
import com.google.api.client.auth.oauth2.TokenResponseException;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpRequestFactory;
import com.google.api.client.http.HttpResponseException;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.UrlEncodedContent;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.GenericJson;
import com.google.api.client.json.JsonFactory;
import com.google.api.client.json.gson.GsonFactory;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The only way to Google's OAuth endpoints: code exchange, refresh, revoke and userinfo, with the
 * Google OAuth client library. Its calls block, so they run on {@code boundedElastic}. Every call
 * goes through the {@value #RESILIENCE_NAME} circuit breaker and, outermost, its retry (5xx and I/O
 * failures only; a 4xx OAuth error is an answer, not an outage).
 */
@Component
@EnableConfigurationProperties(GoogleProperties.class)
public class GoogleOAuthClient {

  static final String RESILIENCE_NAME = "google-oauth";

  private final GoogleProperties properties;
  private final HttpTransport transport = new NetHttpTransport();
  private final JsonFactory json = GsonFactory.getDefaultInstance();
  private final HttpRequestFactory requests;
  private final Retry retry;
  private final CircuitBreaker circuitBreaker;

  GoogleOAuthClient(
      GoogleProperties properties,
      RetryRegistry retryRegistry,
      CircuitBreakerRegistry circuitBreakerRegistry) {
    this.properties = properties;
    this.requests = transport.createRequestFactory(this::configure);
    this.retry = retryRegistry.retry(RESILIENCE_NAME);
    this.circuitBreaker = circuitBreakerRegistry.circuitBreaker(RESILIENCE_NAME);
  }

  /** Exchanges an authorization code (with its PKCE verifier) for tokens. */
  public Mono<GoogleTokens> exchangeCode(String code, String codeVerifier, String redirectUri) {
    return call(
        "token",
        () -> {
          AuthorizationCodeTokenRequest request =
              new AuthorizationCodeTokenRequest(transport, json, tokenUrl(), code)
                  .setRedirectUri(redirectUri);
          request.set("code_verifier", codeVerifier);
          return tokens(authenticate(request).execute());
        });
  }

  /** A fresh access token for a refresh token. */
  public Mono<GoogleTokens> refresh(String refreshToken) {
    return call(
        "token",
        () ->
            tokens(
                authenticate(new RefreshTokenRequest(transport, json, tokenUrl(), refreshToken))
                    .execute()));
  }

  /** Revokes the grant behind the token (either token of a grant revokes all of it). */
  public Mono<Void> revoke(String token) {
    return call(
            "revoke",
            () -> {
              requests
                  .buildPostRequest(
                      new GenericUrl(properties.revokeUri()),
                      new UrlEncodedContent(Map.of("token", token)))
                  .execute()
                  .disconnect();
              return Boolean.TRUE;
            })
        .then();
  }

  /** The e-mail address of the Google account the access token belongs to. */
  public Mono<String> accountEmail(String accessToken) {
    return call(
        "userinfo",
        () -> {
          HttpRequest request = requests.buildGetRequest(new GenericUrl(properties.userinfoUri()));
          request.getHeaders().setAuthorization("Bearer " + accessToken);
          request.setParser(json.createJsonObjectParser());
          Object email = request.execute().parseAs(GenericJson.class).get("email");
          if (email == null) {
            throw new GoogleRejectedException("userinfo", 200, "no_email_in_userinfo");
          }
          return email.toString();
        });
  }

  private <T> Mono<T> call(String endpoint, Callable<T> blockingCall) {
    return Mono.fromCallable(
            () -> {
              try {
                return blockingCall.call();
              } catch (IOException e) {
                throw translate(endpoint, e);
              }
            })
        .subscribeOn(Schedulers.boundedElastic())
        .transformDeferred(CircuitBreakerOperator.of(circuitBreaker))
        .transformDeferred(RetryOperator.of(retry))
        .onErrorMap(
            CallNotPermittedException.class,
            e ->
                new GoogleUnavailableException(
                    "Google " + endpoint + " endpoint: circuit breaker open", e));
  }

  private TokenRequest authenticate(TokenRequest request) {
    return request
        .setClientAuthentication(
            new ClientParametersAuthentication(properties.clientId(), properties.clientSecret()))
        .setRequestInitializer(this::configure);
  }

  private void configure(HttpRequest request) {
    int millis = (int) properties.timeout().toMillis();
    request.setConnectTimeout(millis).setReadTimeout(millis);
  }

  private GenericUrl tokenUrl() {
    return new GenericUrl(properties.tokenUri());
  }

  private static GoogleTokens tokens(TokenResponse response) {
    List<String> scopes =
        response.getScope() == null
            ? List.of()
            : Arrays.stream(response.getScope().trim().split("\\s+"))
                .filter(s -> !s.isEmpty())
                .toList();
    long expiresIn = response.getExpiresInSeconds() == null ? 0 : response.getExpiresInSeconds();
    return new GoogleTokens(
        response.getAccessToken(), expiresIn, response.getRefreshToken(), scopes);
  }

  /**
   * Turns a failed call into an exception whose message holds the endpoint, status and OAuth error
   * code only. The library's own exceptions quote the response body, so they are not kept as cause.
   */
  private RuntimeException translate(String endpoint, IOException e) {
    if (e instanceof HttpResponseException response) {
      int status = response.getStatusCode();
      if (status >= 500 || status == 429) {
        return new GoogleUnavailableException(
            "Google " + endpoint + " endpoint answered HTTP " + status, null);
      }
      return new GoogleRejectedException(endpoint, status, errorCode(response));
    }
    return new GoogleUnavailableException(
        "Google " + endpoint + " endpoint unreachable: " + e.getClass().getSimpleName(), e);
  }

  private String errorCode(HttpResponseException response) {
    if (response instanceof TokenResponseException token
        && token.getDetails() != null
        && token.getDetails().getError() != null) {
      return token.getDetails().getError();
    }
    try {
      Object error =
          response.getContent() == null
              ? null
              : json.createJsonParser(response.getContent()).parse(GenericJson.class).get("error");
      return error instanceof String code ? code : "http_" + response.getStatusCode();
    } catch (IOException | IllegalArgumentException unparsable) {
      return "http_" + response.getStatusCode();
    }
  }
}
