package io.calsync.emulator.oauth;

import java.util.List;

/**
 * A registered OAuth client. A redirect URI ending in {@code *} matches any URI with that prefix (a
 * local convenience; Google matches exactly).
 */
public record OAuthClient(String clientId, String clientSecret, List<String> redirectUris) {

  public OAuthClient {
    redirectUris = List.copyOf(redirectUris);
  }

  public boolean allowsRedirect(String uri) {
    if (uri == null) {
      return false;
    }
    return redirectUris.stream()
        .anyMatch(
            r -> r.endsWith("*") ? uri.startsWith(r.substring(0, r.length() - 1)) : r.equals(uri));
  }
}
