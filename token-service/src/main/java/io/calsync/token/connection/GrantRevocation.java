package io.calsync.token.connection;

import io.calsync.token.crypto.TokenCipher;
import io.calsync.token.google.GoogleOAuthClient;
import io.calsync.token.google.GoogleRejectedException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Revokes a connection's grant at Google, for disconnect and for erase. */
@Component
public class GrantRevocation {

  private final GoogleOAuthClient google;
  private final TokenCipher cipher;

  GrantRevocation(GoogleOAuthClient google, TokenCipher cipher) {
    this.google = google;
    this.cipher = cipher;
  }

  /**
   * Revokes the stored refresh token at Google; nothing to do without one. A grant Google no longer
   * knows (revoked in the Google account) counts as revoked; Google being unreachable fails.
   */
  public Mono<Void> revoke(GoogleConnection connection) {
    if (connection.refreshToken() == null) {
      return Mono.empty();
    }
    String refreshToken = cipher.decrypt(connection.refreshToken(), connection.userId());
    return google
        .revoke(refreshToken)
        .onErrorResume(GoogleRejectedException.class, e -> Mono.empty());
  }
}
