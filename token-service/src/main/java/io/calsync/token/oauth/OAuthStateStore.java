package io.calsync.token.oauth;

import io.calsync.token.web.Problems;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Issues and redeems the {@code state} of a connect attempt. A state is {@code
 * <nonce>.<HMAC-SHA256(nonce|userId)>}; the nonce names an {@code oauth_state} row that binds it to
 * the user, the PKCE verifier, the redirect URI and an expiry. Redeeming it marks the row consumed
 * in one conditional UPDATE, so of two concurrent callbacks with the same state only one succeeds.
 */
@Component
class OAuthStateStore {

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final SecureRandom random = new SecureRandom();
  private final DatabaseClient db;
  private final OAuthProperties properties;
  private final Clock clock;
  private final SecretKeySpec signingKey;

  OAuthStateStore(DatabaseClient db, OAuthProperties properties, Clock clock) {
    this.db = db;
    this.properties = properties;
    this.clock = clock;
    this.signingKey =
        new SecretKeySpec(
            properties.stateSigningKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  /** A started connect attempt: the state to send to Google and the PKCE S256 challenge. */
  record Issued(String state, String codeChallenge, String browserBinding) {}

  /** A redeemed state: who started the attempt and what the callback needs to finish it. */
  record Redeemed(String userId, String codeVerifier, String redirectUri, String returnUrl) {}

  private record Consumed(Redeemed redeemed, Instant expiresAt, String browserBinding) {}

  Mono<Issued> issue(String userId, String redirectUri, String returnUrl) {
    String nonce = randomToken(32);
    String verifier = randomToken(48);
    String browserBinding = randomToken(32);
    Instant now = clock.instant();
    return db.sql("DELETE FROM oauth_state WHERE expires_at < :cutoff")
        .bind("cutoff", now.minus(properties.stateTtl()))
        .then()
        .then(
            db.sql(
                    """
                    INSERT INTO oauth_state (nonce, user_id, code_verifier, redirect_uri,
                        return_url, browser_binding, created_at, expires_at)
                    VALUES (:nonce, :userId, :verifier, :redirectUri, :returnUrl, :binding, :now,
                        :expiresAt)
                    """)
                .bind("nonce", nonce)
                .bind("userId", userId)
                .bind("verifier", verifier)
                .bind("redirectUri", redirectUri)
                .bind("returnUrl", returnUrl)
                .bind("binding", s256(browserBinding))
                .bind("now", now)
                .bind("expiresAt", now.plus(properties.stateTtl()))
                .then())
        .thenReturn(new Issued(nonce + "." + sign(nonce, userId), s256(verifier), browserBinding));
  }

  /**
   * Redeems a state once.
   *
   * @param browserBinding the binding cookie the callback request carried; may be null
   * @return an error {@link Problems#invalidOAuthState} when the state is malformed, unknown, badly
   *     signed, already used, expired or started in another browser
   */
  Mono<Redeemed> redeem(String state, String browserBinding) {
    int dot = state == null ? -1 : state.indexOf('.');
    if (dot <= 0 || dot == state.length() - 1 || state.length() > 200) {
      return Mono.error(Problems.invalidOAuthState("the state is malformed"));
    }
    String nonce = state.substring(0, dot);
    String signature = state.substring(dot + 1);
    return db.sql("SELECT user_id FROM oauth_state WHERE nonce = :nonce")
        .bind("nonce", nonce)
        .map(row -> row.get("user_id", String.class))
        .one()
        .filter(userId -> signatureMatches(nonce, userId, signature))
        .switchIfEmpty(Mono.error(() -> Problems.invalidOAuthState("the state is not ours")))
        .then(
            db.sql(
                    """
                    UPDATE oauth_state SET consumed_at = :now
                     WHERE nonce = :nonce AND consumed_at IS NULL
                    RETURNING user_id, code_verifier, redirect_uri, return_url, expires_at,
                        browser_binding
                    """)
                .bind("now", clock.instant())
                .bind("nonce", nonce)
                .map(
                    row ->
                        new Consumed(
                            new Redeemed(
                                row.get("user_id", String.class),
                                row.get("code_verifier", String.class),
                                row.get("redirect_uri", String.class),
                                row.get("return_url", String.class)),
                            row.get("expires_at", Instant.class),
                            row.get("browser_binding", String.class)))
                .one())
        .switchIfEmpty(Mono.error(() -> Problems.invalidOAuthState("the state was already used")))
        .flatMap(
            consumed -> {
              if (clock.instant().isAfter(consumed.expiresAt())) {
                return Mono.error(Problems.invalidOAuthState("the state has expired"));
              }
              if (browserBinding == null
                  || !MessageDigest.isEqual(
                      s256(browserBinding).getBytes(StandardCharsets.US_ASCII),
                      consumed.browserBinding().getBytes(StandardCharsets.US_ASCII))) {
                return Mono.error(Problems.invalidOAuthState("it was started in another browser"));
              }
              return Mono.just(consumed.redeemed());
            });
  }

  private boolean signatureMatches(String nonce, String userId, String signature) {
    return MessageDigest.isEqual(
        sign(nonce, userId).getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII));
  }

  private String sign(String nonce, String userId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(signingKey);
      return BASE64URL.encodeToString(
          mac.doFinal((nonce + "|" + userId).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }

  private String randomToken(int bytes) {
    byte[] buffer = new byte[bytes];
    random.nextBytes(buffer);
    return BASE64URL.encodeToString(buffer);
  }

  static String s256(String verifier) {
    try {
      return BASE64URL.encodeToString(
          MessageDigest.getInstance("SHA-256")
              .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
