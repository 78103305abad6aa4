package io.calsync.token.oauth;

import com.google.api.client.auth.oauth2.AuthorizationCodeRequestUrl;
import io.calsync.contracts.connection.ConnectionConnected;
import io.calsync.platform.outbox.OutboxWriter;
import io.calsync.token.connection.ConnectionRepository;
import io.calsync.token.connection.GoogleConnection;
import io.calsync.token.crypto.TokenCipher;
import io.calsync.token.google.GoogleOAuthClient;
import io.calsync.token.google.GoogleProperties;
import io.calsync.token.google.GoogleRejectedException;
import io.calsync.token.google.GoogleTokens;
import io.calsync.token.settings.SyncSettingsRepository;
import io.calsync.token.web.Problems;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * "Connect Google Calendar": builds the authorization request (offline access, forced consent, PKCE
 * S256, single-use state) and completes it on the callback: code exchange, encrypted refresh token,
 * account e-mail, {@code ConnectionConnected}. A reconnect replaces the user's tokens in place.
 */
@Service
@EnableConfigurationProperties(OAuthProperties.class)
class ConnectFlow {

  private static final Logger log = LoggerFactory.getLogger(ConnectFlow.class);
  private static final Pattern OAUTH_ERROR_CODE = Pattern.compile("[a-z_]{1,64}");

  private final GoogleProperties google;
  private final OAuthProperties properties;
  private final OAuthStateStore states;
  private final GoogleOAuthClient googleClient;
  private final ConnectionRepository connections;
  private final SyncSettingsRepository settings;
  private final TokenCipher cipher;
  private final OutboxWriter outbox;
  private final TransactionalOperator transaction;
  private final Clock clock;

  ConnectFlow(
      GoogleProperties google,
      OAuthProperties properties,
      OAuthStateStore states,
      GoogleOAuthClient googleClient,
      ConnectionRepository connections,
      SyncSettingsRepository settings,
      TokenCipher cipher,
      OutboxWriter outbox,
      TransactionalOperator transaction,
      Clock clock) {
    GoogleProperties.requireAllowed(
        properties.returnUrl(), google.allowedRedirectUris(), "calsync.oauth.return-url");
    this.google = google;
    this.properties = properties;
    this.states = states;
    this.googleClient = googleClient;
    this.connections = connections;
    this.settings = settings;
    this.cipher = cipher;
    this.outbox = outbox;
    this.transaction = transaction;
    this.clock = clock;
  }

  /**
   * A connect attempt for {@code userId}: the Google URL the browser goes to, and the binding the
   * browser must bring back to the callback (as a cookie).
   */
  Mono<Started> start(String userId, String returnUrl) {
    String target = returnUrl == null || returnUrl.isBlank() ? properties.returnUrl() : returnUrl;
    if (!google.allows(target)) {
      return Mono.error(
          Problems.invalidRequest("returnUrl is not an allow-listed page of this deployment"));
    }
    Instant expiresAt = clock.instant().plus(properties.stateTtl());
    return states
        .issue(userId, google.redirectUri(), target)
        .map(
            issued ->
                new Started(
                    new AuthorizationRequest(
                        new AuthorizationCodeRequestUrl(
                                google.authorizationUri().toString(), google.clientId())
                            .setRedirectUri(google.redirectUri())
                            .setScopes(google.scopes())
                            .setState(issued.state())
                            .set("access_type", "offline")
                            .set("prompt", "consent")
                            .set("code_challenge", issued.codeChallenge())
                            .set("code_challenge_method", "S256")
                            .build(),
                        expiresAt),
                    issued.browserBinding()));
  }

  /**
   * Completes the attempt named by {@code state} and tells where the browser goes next: the return
   * page with {@code connected=google}, or with {@code error=<code>} when the user declined.
   */
  Mono<URI> complete(String code, String state, String error, String browserBinding) {
    return states
        .redeem(state, browserBinding)
        .flatMap(
            attempt -> {
              if (error != null) {
                String reason = OAUTH_ERROR_CODE.matcher(error).matches() ? error : "oauth_error";
                return Mono.just(returnTo(attempt.returnUrl(), "error", reason));
              }
              if (code == null || code.isBlank()) {
                return Mono.error(Problems.invalidRequest("the callback carries no code"));
              }
              return googleClient
                  .exchangeCode(code, attempt.codeVerifier(), attempt.redirectUri())
                  .onErrorMap(
                      GoogleRejectedException.class,
                      e ->
                          Problems.googleRejected(
                              "Google did not accept the authorization code ("
                                  + e.error()
                                  + "); start again from the settings page."))
                  .flatMap(tokens -> connect(attempt.userId(), tokens, attempt.returnUrl()));
            });
  }

  private Mono<URI> connect(String userId, GoogleTokens tokens, String returnUrl) {
    if (!tokens.scopes().contains(google.requiredScope())) {
      // Granular consent: the user unticked calendar access; keep nothing and say why.
      return googleClient
          .revoke(tokens.accessToken())
          .onErrorResume(e -> Mono.empty())
          .thenReturn(returnTo(returnUrl, "error", "calendar_access_not_granted"));
    }
    if (tokens.refreshToken() == null) {
      return Mono.error(
          Problems.googleRejected("Google granted no offline access; connect again."));
    }
    Instant now = clock.instant();
    return googleClient
        .accountEmail(tokens.accessToken())
        .flatMap(
            email ->
                transaction.transactional(
                    connections
                        .find(userId)
                        .map(Optional::of)
                        .defaultIfEmpty(Optional.empty())
                        .flatMap(
                            previous ->
                                save(userId, email, tokens, now)
                                    .map(connection -> new Reconnect(previous, connection)))))
        .flatMap(
            reconnect -> {
              log.info(
                  "User {} connected Google account {}",
                  userId,
                  reconnect.connection().googleEmail());
              return revokePreviousGrant(userId, reconnect);
            })
        .thenReturn(returnTo(returnUrl, "connected", "google"));
  }

  private Mono<GoogleConnection> save(
      String userId, String email, GoogleTokens tokens, Instant now) {
    return connections
        .saveConnected(
            userId, email, cipher.encrypt(tokens.refreshToken(), userId), tokens.scopes(), now)
        .flatMap(
            connection ->
                settings
                    .findOrDefaults(userId)
                    .flatMap(
                        userSettings ->
                            outbox.append(
                                new ConnectionConnected(
                                    userId,
                                    connection.googleEmail(),
                                    connection.scopes(),
                                    userSettings,
                                    now),
                                now))
                    .thenReturn(connection));
  }

  /** The connection before a connect (if any) and after it. */
  private record Reconnect(Optional<GoogleConnection> previous, GoogleConnection connection) {}

  /**
   * After a reconnect with another Google account, revokes the grant of the account it replaced,
   * which CalSync no longer uses (best effort, after the commit, logged either way). Not after a
   * reconnect with the same account: Google's grant belongs to the account and the client, not to a
   * token, so revoking the old refresh token would revoke the new one too and disconnect the user
   * at once; the new consent already superseded the old token within that grant.
   */
  private Mono<Void> revokePreviousGrant(String userId, Reconnect reconnect) {
    GoogleConnection previous = reconnect.previous().orElse(null);
    if (previous == null
        || previous.refreshToken() == null
        || previous.googleEmail() == null
        || previous.googleEmail().equalsIgnoreCase(reconnect.connection().googleEmail())) {
      return Mono.empty();
    }
    return Mono.fromCallable(() -> cipher.decrypt(previous.refreshToken(), userId))
        .flatMap(googleClient::revoke)
        .doOnSuccess(
            done ->
                log.info(
                    "User {} switched from Google account {} to {}: the previous grant was revoked",
                    userId,
                    previous.googleEmail(),
                    reconnect.connection().googleEmail()))
        .onErrorResume(
            e -> {
              log.warn(
                  "User {} switched from Google account {}: revoking its grant failed ({}); the"
                      + " user can remove CalSync in that account's Google settings",
                  userId,
                  previous.googleEmail(),
                  e.getClass().getSimpleName());
              return Mono.empty();
            });
  }

  private static URI returnTo(String returnUrl, String parameter, String value) {
    return UriComponentsBuilder.fromUriString(returnUrl)
        .queryParam(parameter, value)
        .build()
        .toUri();
  }

  /** What the page needs to send the browser to Google. */
  record AuthorizationRequest(String authorizationUrl, Instant expiresAt) {}

  /** A started attempt; the binding goes into a cookie, never into a body or log. */
  record Started(AuthorizationRequest request, String browserBinding) {
    @Override
    public String toString() {
      return "Started[" + request + "]";
    }
  }

  Duration stateTtl() {
    return properties.stateTtl();
  }

  boolean secureCookies() {
    return google.redirectUri().startsWith("https:");
  }
}
