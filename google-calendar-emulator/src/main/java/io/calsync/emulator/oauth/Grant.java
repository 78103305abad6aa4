package io.calsync.emulator.oauth;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One consent of an account to a client, as created by one authorization-code exchange. Revoking it
 * invalidates its refresh token and every access token issued under it.
 */
public final class Grant {

  private final String id;
  private final String clientId;
  private final String account;
  private final Set<String> scopes;
  private final String refreshToken;
  private final Instant createdAt;
  private volatile boolean revoked;

  Grant(
      String id,
      String clientId,
      String account,
      Set<String> scopes,
      String refreshToken,
      Instant createdAt) {
    this.id = id;
    this.clientId = clientId;
    this.account = account;
    this.scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
    this.refreshToken = refreshToken;
    this.createdAt = createdAt;
  }

  public String id() {
    return id;
  }

  public String clientId() {
    return clientId;
  }

  public String account() {
    return account;
  }

  public Set<String> scopes() {
    return scopes;
  }

  public boolean offline() {
    return refreshToken != null;
  }

  String refreshToken() {
    return refreshToken;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public boolean revoked() {
    return revoked;
  }

  void revoke() {
    revoked = true;
  }
}
