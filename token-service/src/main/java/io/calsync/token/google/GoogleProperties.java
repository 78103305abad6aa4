package io.calsync.token.google;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The OAuth client CalSync is registered as at Google, and Google's endpoints (the emulator's
 * locally; Google's own in production).
 *
 * @param clientId OAuth client id
 * @param clientSecret OAuth client secret; from the environment only outside development
 * @param authorizationUri Google's authorization endpoint
 * @param tokenUri Google's token endpoint
 * @param revokeUri Google's revoke endpoint
 * @param userinfoUri OpenID Connect userinfo endpoint (gives the account e-mail)
 * @param redirectUri this service's OAuth callback as registered at Google
 * @param allowedRedirectUris every URI the browser may be sent to: the OAuth callback and the pages
 *     it returns to after connecting
 * @param scopes requested scopes
 * @param requiredScope the scope without which a connection is useless
 * @param timeout connect and read timeout of each call to Google
 */
@ConfigurationProperties("calsync.google")
public record GoogleProperties(
    String clientId,
    String clientSecret,
    URI authorizationUri,
    URI tokenUri,
    URI revokeUri,
    URI userinfoUri,
    String redirectUri,
    List<String> allowedRedirectUris,
    List<String> scopes,
    @DefaultValue("https://www.googleapis.com/auth/calendar.events") String requiredScope,
    @DefaultValue("10s") Duration timeout) {

  public GoogleProperties {
    allowedRedirectUris =
        allowedRedirectUris == null ? List.of() : List.copyOf(allowedRedirectUris);
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
    requireAllowed(redirectUri, allowedRedirectUris, "calsync.google.redirect-uri");
    if (!scopes.contains(requiredScope)) {
      throw new IllegalArgumentException(
          "calsync.google.scopes must contain the required scope " + requiredScope);
    }
  }

  /** Whether the browser may be sent to {@code uri}: exact match against the allow-list. */
  public boolean allows(String uri) {
    return uri != null && allowedRedirectUris.contains(uri);
  }

  /**
   * @throws IllegalArgumentException when {@code uri} is not on the allow-list
   */
  public static void requireAllowed(String uri, List<String> allowList, String property) {
    if (uri == null || !allowList.contains(uri)) {
      throw new IllegalArgumentException(
          property
              + " `"
              + uri
              + "` is not in calsync.google.allowed-redirect-uris (GOOGLE_ALLOWED_REDIRECT_URIS)");
    }
  }
}
