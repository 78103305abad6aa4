package io.calsync.emulator;

import static io.calsync.emulator.GoogleOAuthFlow.CALENDAR;
import static io.calsync.emulator.GoogleOAuthFlow.CALENDAR_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.client.auth.oauth2.Credential;
import com.google.api.client.auth.oauth2.RefreshTokenRequest;
import com.google.api.client.auth.oauth2.TokenResponse;
import com.google.api.client.auth.oauth2.TokenResponseException;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.UrlEncodedContent;
import com.google.api.client.util.GenericData;
import com.google.api.services.calendar.Calendar;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.UserCredentials;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OAuthConformanceIT extends EmulatorTestBase {

  GoogleOAuthFlow flow;

  @BeforeEach
  void newFlow() {
    flow = new GoogleOAuthFlow(google);
  }

  @Test
  void authorizationCodeWithPkce_issuesAccessAndRefreshToken() throws IOException {
    GoogleOAuthFlow.Pkce pkce = GoogleOAuthFlow.Pkce.create();
    String url =
        flow.authorizationUrl(
            pkce, "s-123", List.of("openid", "email", CALENDAR_EVENTS), true, true);

    Map<String, String> redirect = flow.consent(url, "alice@example.com");
    assertThat(redirect).containsEntry("state", "s-123").containsKey("code");

    TokenResponse tokens = flow.exchange(redirect.get("code"), pkce.verifier());
    assertThat(tokens.getAccessToken()).isNotBlank();
    assertThat(tokens.getRefreshToken()).isNotBlank();
    assertThat(tokens.getExpiresInSeconds()).isEqualTo(3599L);
    assertThat(tokens.getTokenType()).isEqualTo("Bearer");
    assertThat(tokens.getScope().split(" "))
        .containsExactlyInAnyOrder(
            "openid", "https://www.googleapis.com/auth/userinfo.email", CALENDAR_EVENTS);
    assertThat(tokens.get("id_token")).isNotNull();

    GenericData userinfo =
        GoogleOAuthFlow.TRANSPORT
            .createRequestFactory(flow.credential(tokens))
            .buildGetRequest(new GenericUrl(google.userinfoUrl()))
            .setParser(GoogleOAuthFlow.JSON.createJsonObjectParser())
            .execute()
            .parseAs(GenericData.class);
    assertThat(userinfo.get("email")).isEqualTo("alice@example.com");
  }

  @Test
  void tokeninfo_describesAnAccessToken_andRejectsAnUnknownOne() throws IOException {
    TokenResponse tokens = flow.authorize("alice@example.com", "email", CALENDAR_EVENTS);

    GenericData info =
        GoogleOAuthFlow.TRANSPORT
            .createRequestFactory()
            .buildGetRequest(
                new GenericUrl(google.tokeninfoUrl()).set("access_token", tokens.getAccessToken()))
            .setParser(GoogleOAuthFlow.JSON.createJsonObjectParser())
            .execute()
            .parseAs(GenericData.class);
    assertThat(info.get("azp")).isEqualTo(google.defaultClientId());
    assertThat(info.get("aud")).isEqualTo(google.defaultClientId());
    assertThat(info.get("sub")).asString().isNotBlank();
    assertThat(info.get("scope").toString().split(" "))
        .containsExactlyInAnyOrder(
            "https://www.googleapis.com/auth/userinfo.email", CALENDAR_EVENTS);
    assertThat(Long.parseLong(info.get("expires_in").toString())).isBetween(3500L, 3599L);
    assertThat(info.get("email")).isEqualTo("alice@example.com");
    assertThat(info.get("email_verified")).isEqualTo("true");
    assertThat(info.get("access_type")).isEqualTo("offline");

    com.google.api.client.http.HttpResponse unknown =
        GoogleOAuthFlow.TRANSPORT
            .createRequestFactory()
            .buildPostRequest(
                new GenericUrl(google.tokeninfoUrl()),
                new UrlEncodedContent(Map.of("access_token", "unknown")))
            .setThrowExceptionOnExecuteError(false)
            .execute();
    assertThat(unknown.getStatusCode()).isEqualTo(400);
    assertThat(unknown.parseAsString()).contains("\"invalid_token\"", "Invalid Value");
  }

  @Test
  void codeIsSingleUse_andNeedsTheRightVerifierAndSecret() throws IOException {
    GoogleOAuthFlow.Pkce pkce = GoogleOAuthFlow.Pkce.create();
    String code =
        flow.consent(
                flow.authorizationUrl(pkce, "s", List.of(CALENDAR), true, true), "bob@example.com")
            .get("code");

    assertThatThrownBy(() -> flow.exchange(code, GoogleOAuthFlow.Pkce.create().verifier()))
        .isInstanceOfSatisfying(
            TokenResponseException.class,
            e -> assertThat(e.getDetails().getError()).isEqualTo("invalid_grant"));
    // The failed attempt consumed the code, as a used code is gone for good.
    assertThatThrownBy(() -> flow.exchange(code, pkce.verifier()))
        .isInstanceOfSatisfying(
            TokenResponseException.class,
            e -> assertThat(e.getDetails().getError()).isEqualTo("invalid_grant"));

    String another =
        flow.consent(
                flow.authorizationUrl(pkce, "s", List.of(CALENDAR), true, true), "bob@example.com")
            .get("code");
    google.registerClient(google.defaultClientId(), "rotated-secret", GoogleOAuthFlow.REDIRECT_URI);
    assertThatThrownBy(() -> flow.exchange(another, pkce.verifier()))
        .isInstanceOfSatisfying(
            TokenResponseException.class,
            // HttpURLConnection drops the body of a 401 to a streamed POST, so only the status
            // reaches the client, exactly as with Google's invalid_client answer.
            e -> assertThat(e.getStatusCode()).isEqualTo(401));
  }

  @Test
  void denyingConsent_redirectsWithAccessDenied() {
    GoogleOAuthFlow.Pkce pkce = GoogleOAuthFlow.Pkce.create();
    String redirect =
        google.denyConsent(
            flow.authorizationUrl(pkce, "s-9", List.of(CALENDAR), true, true), "alice@example.com");

    assertThat(GoogleOAuthFlow.query(redirect))
        .containsEntry("error", "access_denied")
        .containsEntry("state", "s-9");
    assertThat(URI.create(redirect).getPath())
        .isEqualTo(URI.create(GoogleOAuthFlow.REDIRECT_URI).getPath());
  }

  @Test
  void unregisteredRedirectUri_isRejectedWithoutRedirect() {
    String url =
        flow.authorizationUrl(GoogleOAuthFlow.Pkce.create(), "s", List.of(CALENDAR), true, true)
            .replace("localhost:8084", "evil.example.com");

    assertThatThrownBy(() -> google.approveConsent(url, "alice@example.com"))
        .hasMessageContaining("400")
        .hasMessageContaining("redirect_uri_mismatch");
  }

  @Test
  void repeatedConsentWithoutPromptConsent_returnsNoNewRefreshToken() throws IOException {
    flow.authorize("alice@example.com", CALENDAR);
    GoogleOAuthFlow.Pkce pkce = GoogleOAuthFlow.Pkce.create();
    String code =
        flow.consent(
                flow.authorizationUrl(pkce, "s", List.of(CALENDAR), true, false),
                "alice@example.com")
            .get("code");

    TokenResponse second = flow.exchange(code, pkce.verifier());

    assertThat(second.getAccessToken()).isNotBlank();
    assertThat(second.getRefreshToken()).isNull();
  }

  @Test
  void refreshWorks_andRevokeMakesItInvalidGrant() throws IOException {
    TokenResponse tokens = flow.authorize("alice@example.com", CALENDAR);
    RefreshTokenRequest refresh =
        new RefreshTokenRequest(
                GoogleOAuthFlow.TRANSPORT,
                GoogleOAuthFlow.JSON,
                new GenericUrl(google.tokenUrl()),
                tokens.getRefreshToken())
            .setClientAuthentication(flow.clientAuthentication());
    TokenResponse refreshed = refresh.execute();
    assertThat(refreshed.getAccessToken()).isNotEqualTo(tokens.getAccessToken());
    assertThat(refreshed.getRefreshToken()).isNull();

    GoogleOAuthFlow.TRANSPORT
        .createRequestFactory()
        .buildPostRequest(
            new GenericUrl(google.revokeUrl()),
            new UrlEncodedContent(Map.of("token", refreshed.getAccessToken())))
        .execute();

    assertThatThrownBy(refresh::execute)
        .isInstanceOfSatisfying(
            TokenResponseException.class,
            e -> {
              assertThat(e.getStatusCode()).isEqualTo(400);
              assertThat(e.getDetails().getError()).isEqualTo("invalid_grant");
              assertThat(e.getDetails().getErrorDescription())
                  .isEqualTo("Token has been expired or revoked.");
            });
    Calendar calendar = flow.calendar(flow.credential(tokens));
    assertThatThrownBy(() -> calendar.calendarList().list().execute())
        .isInstanceOfSatisfying(
            GoogleJsonResponseException.class,
            e -> {
              assertThat(e.getStatusCode()).isEqualTo(401);
              assertThat(e.getDetails().getErrors().get(0).getReason()).isEqualTo("authError");
              assertThat(e.getDetails().getErrors().get(0).getDomain()).isEqualTo("global");
            });
    assertThat(flow.refreshFailures).hasValue(1);
  }

  @Test
  void expiredAccessToken_makesTheClientRefreshAndRetry() throws IOException {
    Credential credential = flow.credential(flow.authorize("bob@example.com", CALENDAR));
    Calendar calendar = flow.calendar(credential);
    calendar.calendarList().list().execute();
    google.resetCallCounts();

    google.control().expireAccessTokens("bob@example.com");
    String id = calendar.calendarList().list().execute().getItems().get(0).getId();

    assertThat(id).isEqualTo("bob@example.com");
    assertThat(flow.refreshes).hasValue(1);
    assertThat(google.callCount("oauth.token")).isEqualTo(1);
    assertThat(google.callCount("calendarList.list")).isEqualTo(2);
    assertThat(google.callCount("calendarList.list", "bob@example.com")).isEqualTo(1);
  }

  @Test
  void userCredentialsOfGoogleAuthLibrary_refreshAgainstTheEmulator() throws IOException {
    TokenResponse tokens = flow.authorize("carol@example.com", CALENDAR);
    UserCredentials credentials =
        UserCredentials.newBuilder()
            .setClientId(google.defaultClientId())
            .setClientSecret(google.defaultClientSecret())
            .setRefreshToken(tokens.getRefreshToken())
            .setTokenServerUri(URI.create(google.tokenUrl()))
            .build();
    Calendar calendar =
        new Calendar.Builder(
                GoogleOAuthFlow.TRANSPORT,
                GoogleOAuthFlow.JSON,
                new HttpCredentialsAdapter(credentials))
            .setRootUrl(google.calendarRootUrl())
            .setApplicationName("it")
            .build();

    assertThat(calendar.calendarList().list().execute().getItems())
        .extracting(e -> e.getId())
        .containsExactly("carol@example.com");
    assertThat(google.callCount("oauth.token")).isEqualTo(2);
  }

  @Test
  void narrowScope_isRefusedWithInsufficientPermissions() throws IOException {
    Calendar calendar =
        flow.calendar(flow.credential(flow.authorize("alice@example.com", CALENDAR_EVENTS)));

    assertThatThrownBy(() -> calendar.calendarList().list().execute())
        .isInstanceOfSatisfying(
            GoogleJsonResponseException.class,
            e -> {
              assertThat(e.getStatusCode()).isEqualTo(403);
              assertThat(e.getDetails().getErrors().get(0).getReason())
                  .isEqualTo("insufficientPermissions");
            });
  }

  @Test
  void consentPage_offersAccountsScopesAndButtons_andHonoursUncheckedScopes() throws Exception {
    GoogleOAuthFlow.Pkce pkce = GoogleOAuthFlow.Pkce.create();
    String readonly = "https://www.googleapis.com/auth/calendar.readonly";
    String url =
        flow.authorizationUrl(pkce, "s-7", List.of("openid", CALENDAR_EVENTS, readonly), true, true)
            + "&login_hint=bob%40example.com";
    HttpClient browser = HttpClient.newHttpClient();

    String page =
        browser
            .send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(page)
        .contains(
            "id=\"account-alice@example.com\"",
            "data-account=\"bob@example.com\"",
            "id=\"allow\"",
            "id=\"deny\"")
        .contains("data-scope=\"" + CALENDAR_EVENTS + "\"");
    assertThat(page)
        .containsPattern("data-account=\"bob@example.com\" value=\"bob@example.com\" checked");
    Matcher requestId = Pattern.compile("name=\"request_id\" value=\"([^\"]+)\"").matcher(page);
    assertThat(requestId.find()).isTrue();

    // The user leaves only the read-only scope checked, as a browser submits the form.
    String form =
        "request_id="
            + requestId.group(1)
            + "&scopes_reviewed=true&account=bob%40example.com&scope="
            + URLEncoder.encode(readonly, StandardCharsets.UTF_8)
            + "&decision=allow";
    HttpResponse<String> answer =
        browser.send(
            HttpRequest.newBuilder(URI.create(google.baseUrl() + "/o/oauth2/v2/auth/approve"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(302);
    Map<String, String> redirect =
        GoogleOAuthFlow.query(answer.headers().firstValue("Location").orElseThrow());

    TokenResponse tokens = flow.exchange(redirect.get("code"), pkce.verifier());
    assertThat(tokens.getScope().split(" ")).containsExactlyInAnyOrder("openid", readonly);
    Calendar calendar = flow.calendar(flow.credential(tokens));
    assertThat(calendar.events().list("primary").execute().getItems()).isEmpty();
    assertThatThrownBy(
            () -> calendar.events().insert("primary", EventMother.meeting("x")).execute())
        .isInstanceOfSatisfying(
            GoogleJsonResponseException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));
  }
}
