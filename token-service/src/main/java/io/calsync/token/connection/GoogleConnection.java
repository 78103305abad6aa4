package io.calsync.token.connection;

import io.calsync.token.crypto.TokenCipher;
import java.time.Instant;
import java.util.List;

/**
 * A row of {@code google_connection}.
 *
 * @param refreshToken the sealed refresh token; null once revoked or lost
 * @param connectedAt when the current grant was obtained; a reconnect changes it, so it also tells
 *     tokens of an earlier grant apart from the current one
 */
public record GoogleConnection(
    String userId,
    String googleEmail,
    ConnectionStatus status,
    TokenCipher.Sealed refreshToken,
    List<String> scopes,
    String lostReason,
    Instant connectedAt,
    Instant statusChangedAt,
    Instant lastSyncedAt) {

  public boolean usable() {
    return status == ConnectionStatus.CONNECTED && refreshToken != null;
  }

  @Override
  public String toString() {
    return "GoogleConnection[userId=" + userId + ", status=" + status + "]";
  }
}
