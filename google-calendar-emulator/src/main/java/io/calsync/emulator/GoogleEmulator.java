package io.calsync.emulator;

import io.calsync.emulator.config.EmulatorProperties;
import io.calsync.emulator.control.EmulatorControl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The emulator embedded in another module's tests: {@code try (var google = GoogleEmulator.start())
 * { ... }}. It runs in-process on a random port with the default client and accounts of {@code
 * google-calendar-emulator.yml}; extra {@code key=value} properties override them.
 */
public final class GoogleEmulator implements AutoCloseable {

  private static final Pattern REQUEST_ID =
      Pattern.compile("name=\"request_id\" value=\"([^\"]+)\"");

  private final ConfigurableApplicationContext context;
  private final String baseUrl;
  private final EmulatorControl control;
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private GoogleEmulator(ConfigurableApplicationContext context) {
    this.context = context;
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    this.baseUrl = "http://localhost:" + port;
    this.control = context.getBean(EmulatorControl.class);
  }

  /** Starts an emulator on a random port; {@code properties} are {@code key=value} overrides. */
  public static GoogleEmulator start(String... properties) {
    List<String> args = new ArrayList<>();
    args.add("--server.port=0");
    args.add("--" + GoogleCalendarEmulatorApplication.CONFIG_NAME);
    args.add("--spring.jmx.enabled=false");
    for (String property : properties) {
      args.add("--" + property);
    }
    return new GoogleEmulator(
        GoogleCalendarEmulatorApplication.builder().run(args.toArray(String[]::new)));
  }

  /** e.g. {@code http://localhost:41234}, no trailing slash. */
  public String baseUrl() {
    return baseUrl;
  }

  /** For {@code Calendar.Builder#setRootUrl}: the base URL with a trailing slash. */
  public String calendarRootUrl() {
    return baseUrl + "/";
  }

  public String tokenUrl() {
    return baseUrl + "/token";
  }

  public String authorizationUrl() {
    return baseUrl + "/o/oauth2/v2/auth";
  }

  public String revokeUrl() {
    return baseUrl + "/revoke";
  }

  public String userinfoUrl() {
    return baseUrl + "/oauth2/v3/userinfo";
  }

  public String tokeninfoUrl() {
    return baseUrl + "/tokeninfo";
  }

  public String jwksUrl() {
    return baseUrl + "/oauth2/v3/certs";
  }

  /** Base of the control API, {@code <baseUrl>/emulator/v1}. */
  public String controlUrl() {
    return baseUrl + "/emulator/v1";
  }

  public String defaultClientId() {
    return properties().clients().get(0).clientId();
  }

  public String defaultClientSecret() {
    return properties().clients().get(0).clientSecret();
  }

  public List<String> defaultAccounts() {
    return properties().accounts();
  }

  /** Registers (or replaces) an OAuth client; redirect URIs ending in {@code *} match a prefix. */
  public void registerClient(String clientId, String clientSecret, String... redirectUris) {
    control.registerClient(clientId, clientSecret, List.of(redirectUris));
  }

  public void addAccount(String email) {
    control.addAccount(email);
  }

  /**
   * Plays the user in the browser: opens {@code authorizationRequestUrl} (a complete authorization
   * request as a client would redirect to), picks {@code account} and clicks Allow. Returns the URL
   * the browser would be redirected to (with {@code code} and {@code state}, or {@code error}).
   */
  public String approveConsent(String authorizationRequestUrl, String account) {
    return decide(authorizationRequestUrl, account, "allow");
  }

  /**
   * Like {@link #approveConsent} but clicks Deny: the redirect carries {@code error=access_denied}.
   */
  public String denyConsent(String authorizationRequestUrl, String account) {
    return decide(authorizationRequestUrl, account, "deny");
  }

  private String decide(String authorizationRequestUrl, String account, String decision) {
    try {
      HttpResponse<String> page =
          http.send(
              HttpRequest.newBuilder(URI.create(authorizationRequestUrl)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      Matcher matcher = REQUEST_ID.matcher(page.body());
      if (page.statusCode() != 200 || !matcher.find()) {
        throw new IllegalStateException(
            "Authorization request rejected (" + page.statusCode() + "): " + page.body());
      }
      String form =
          "request_id="
              + enc(matcher.group(1))
              + "&account="
              + enc(account)
              + "&decision="
              + decision;
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(URI.create(baseUrl + "/o/oauth2/v2/auth/approve"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return answer
          .headers()
          .firstValue("Location")
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "Consent not accepted (" + answer.statusCode() + "): " + answer.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Calls of an endpoint ({@code events.insert}, {@code oauth.token}, ...) since the last reset.
   */
  public long callCount(String endpoint) {
    return control.callCount(endpoint, null);
  }

  public long callCount(String endpoint, String account) {
    return control.callCount(endpoint, account);
  }

  /** endpoint → (account or "total") → count. */
  public Map<String, Map<String, Long>> callCounts() {
    return control.callCounts();
  }

  public void resetCallCounts() {
    control.resetCallCounts();
  }

  /** Every control operation of the HTTP control API, in-process. */
  public EmulatorControl control() {
    return control;
  }

  /** Back to the state right after start: configured clients and accounts, no events, no faults. */
  public void reset() {
    control.reset();
  }

  @Override
  public void close() {
    context.close();
  }

  private EmulatorProperties properties() {
    return context.getBean(EmulatorProperties.class);
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
