package io.calsync.emulator;

import com.google.api.client.auth.oauth2.AuthorizationCodeRequestUrl;
import com.google.api.client.auth.oauth2.AuthorizationCodeTokenRequest;
import com.google.api.client.auth.oauth2.BearerToken;
import com.google.api.client.auth.oauth2.ClientParametersAuthentication;
import com.google.api.client.auth.oauth2.Credential;
import com.google.api.client.auth.oauth2.CredentialRefreshListener;
import com.google.api.client.auth.oauth2.TokenErrorResponse;
import com.google.api.client.auth.oauth2.TokenResponse;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.JsonFactory;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.calendar.Calendar;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drives the emulator's OAuth flow the way a web application does, with the Google client libraries
 * for everything a real application would use them for.
 */
final class GoogleOAuthFlow {

  static final String REDIRECT_URI = "http://localhost:8084/api/v1/google/oauth/callback";
  static final String CALENDAR = "https://www.googleapis.com/auth/calendar";
  static final String CALENDAR_EVENTS = "https://www.googleapis.com/auth/calendar.events";

  static final NetHttpTransport TRANSPORT = new NetHttpTransport();
  static final JsonFactory JSON = GsonFactory.getDefaultInstance();

  private final GoogleEmulator emulator;
  final AtomicInteger refreshes = new AtomicInteger();
  final AtomicInteger refreshFailures = new AtomicInteger();

  GoogleOAuthFlow(GoogleEmulator emulator) {
    this.emulator = emulator;
  }

  /** A PKCE verifier and the state used for one authorization. */
  record Pkce(String verifier, String challenge) {
    static Pkce create() {
      byte[] bytes = new byte[48];
      new SecureRandom().nextBytes(bytes);
      String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      try {
        byte[] digest =
            MessageDigest.getInstance("SHA-256")
                .digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return new Pkce(verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  String authorizationUrl(
      Pkce pkce, String state, List<String> scopes, boolean offline, boolean forceConsent) {
    AuthorizationCodeRequestUrl url =
        new AuthorizationCodeRequestUrl(emulator.authorizationUrl(), emulator.defaultClientId())
            .setRedirectUri(REDIRECT_URI)
            .setScopes(scopes)
            .setState(state);
    url.set("code_challenge", pkce.challenge()).set("code_challenge_method", "S256");
    if (offline) {
      url.set("access_type", "offline");
    }
    if (forceConsent) {
      url.set("prompt", "consent");
    }
    return url.build();
  }

  /** Consents as {@code account} and returns the query parameters of the redirect back. */
  Map<String, String> consent(String authorizationUrl, String account) {
    return query(emulator.approveConsent(authorizationUrl, account));
  }

  TokenResponse exchange(String code, String verifier) throws IOException {
    return new AuthorizationCodeTokenRequest(
            TRANSPORT, JSON, new GenericUrl(emulator.tokenUrl()), code)
        .setRedirectUri(REDIRECT_URI)
        .setClientAuthentication(clientAuthentication())
        .set("code_verifier", verifier)
        .execute();
  }

  /** Full flow: consent as {@code account} with offline access, exchange the code. */
  TokenResponse authorize(String account, String... scopes) throws IOException {
    Pkce pkce = Pkce.create();
    Map<String, String> redirect =
        consent(authorizationUrl(pkce, "state-" + account, List.of(scopes), true, true), account);
    return exchange(redirect.get("code"), pkce.verifier());
  }

  ClientParametersAuthentication clientAuthentication() {
    return new ClientParametersAuthentication(
        emulator.defaultClientId(), emulator.defaultClientSecret());
  }

  Credential credential(TokenResponse tokens) {
    return new Credential.Builder(BearerToken.authorizationHeaderAccessMethod())
        .setTransport(TRANSPORT)
        .setJsonFactory(JSON)
        .setTokenServerUrl(new GenericUrl(emulator.tokenUrl()))
        .setClientAuthentication(clientAuthentication())
        .addRefreshListener(
            new CredentialRefreshListener() {
              @Override
              public void onTokenResponse(Credential credential, TokenResponse tokenResponse) {
                refreshes.incrementAndGet();
              }

              @Override
              public void onTokenErrorResponse(
                  Credential credential, TokenErrorResponse tokenErrorResponse) {
                refreshFailures.incrementAndGet();
              }
            })
        .build()
        .setFromTokenResponse(tokens);
  }

  Calendar calendar(Credential credential) {
    return new Calendar.Builder(TRANSPORT, JSON, credential)
        .setRootUrl(emulator.calendarRootUrl())
        .setApplicationName("calsync-emulator-it")
        .build();
  }

  /** A Calendar client for {@code account} with full calendar access. */
  Calendar calendarFor(String account) throws IOException {
    return calendar(credential(authorize(account, CALENDAR, "email")));
  }

  static Map<String, String> query(String url) {
    Map<String, String> params = new LinkedHashMap<>();
    String query = URI.create(url).getRawQuery();
    if (query != null) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        params.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return params;
  }
}
