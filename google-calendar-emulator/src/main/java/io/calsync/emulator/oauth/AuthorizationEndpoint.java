package io.calsync.emulator.oauth;

import io.calsync.emulator.store.Account;
import io.calsync.emulator.store.Accounts;
import io.calsync.emulator.wire.Html;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Google's authorization endpoint ({@code /o/oauth2/v2/auth}) with an account chooser and consent
 * screen in one page. Like Google, invalid requests get an error page (no redirect); only the
 * user's decision is sent back to the client's redirect URI.
 *
 * <p>Page contract for browser-driven tests: each account is a radio input with {@code
 * id="account-<email>"} and {@code data-account="<email>"}; each requested non-identity scope is a
 * checked checkbox ({@code data-scope}); the buttons are {@code id="allow"} and {@code id="deny"}.
 */
@RestController
class AuthorizationEndpoint {

  private static final Pattern CODE_CHALLENGE = Pattern.compile("[A-Za-z0-9\\-._~]{43,128}");
  private static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);

  private final OAuthClients clients;
  private final Accounts accounts;
  private final Grants grants;
  private final Clock clock;

  AuthorizationEndpoint(OAuthClients clients, Accounts accounts, Grants grants, Clock clock) {
    this.clients = clients;
    this.accounts = accounts;
    this.grants = grants;
    this.clock = clock;
  }

  @GetMapping({"/o/oauth2/v2/auth", "/o/oauth2/auth"})
  ResponseEntity<String> authorize(@RequestParam MultiValueMap<String, String> params) {
    AuthorizationRequest request;
    try {
      request = validate(params.toSingleValueMap());
    } catch (AuthorizationError e) {
      return errorPage(e);
    }
    grants.startAuthorization(request);
    return ResponseEntity.ok().contentType(HTML).body(consentPage(request));
  }

  @PostMapping(
      value = "/o/oauth2/v2/auth/approve",
      consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
  Mono<ResponseEntity<String>> decide(ServerWebExchange exchange) {
    return exchange.getFormData().map(this::decide);
  }

  private ResponseEntity<String> decide(MultiValueMap<String, String> form) {
    AuthorizationRequest request = grants.takePending(form.getFirst("request_id")).orElse(null);
    if (request == null) {
      return errorPage(
          new AuthorizationError(
              HttpStatus.BAD_REQUEST,
              "invalid_request",
              "The authorization request has expired or was already answered."));
    }
    Map<String, String> answer = new LinkedHashMap<>();
    if (request.state() != null) {
      answer.put("state", request.state());
    }
    if (!"allow".equals(form.getFirst("decision"))) {
      answer.put("error", "access_denied");
      return redirect(request.redirectUri(), answer);
    }
    Account account = accounts.find(form.getFirst("account")).orElse(null);
    if (account == null) {
      return errorPage(
          new AuthorizationError(
              HttpStatus.BAD_REQUEST, "invalid_request", "Choose an existing account."));
    }
    Set<String> granted = grantedScopes(request, form);
    answer.put("code", grants.issueCode(request, account, granted));
    answer.put("scope", Scopes.join(granted));
    answer.put("authuser", "0");
    answer.put("prompt", "consent");
    return redirect(request.redirectUri(), answer);
  }

  /**
   * Granular consent: when the consent form was shown, only the scopes the user left checked are
   * granted (identity scopes always are). A bare POST without the form grants everything.
   */
  private static Set<String> grantedScopes(
      AuthorizationRequest request, MultiValueMap<String, String> form) {
    if (form.getFirst("scopes_reviewed") == null) {
      return request.scopes();
    }
    List<String> checked = form.getOrDefault("scope", List.of());
    Set<String> granted = new LinkedHashSet<>();
    for (String scope : request.scopes()) {
      if (Scopes.isIdentityScope(scope) || checked.contains(scope)) {
        granted.add(scope);
      }
    }
    return granted;
  }

  private AuthorizationRequest validate(Map<String, String> p) {
    OAuthClient client =
        clients
            .find(p.get("client_id"))
            .orElseThrow(
                () ->
                    new AuthorizationError(
                        HttpStatus.UNAUTHORIZED,
                        "invalid_client",
                        "The OAuth client was not found."));
    String redirectUri = p.get("redirect_uri");
    if (!client.allowsRedirect(redirectUri)) {
      throw new AuthorizationError(
          HttpStatus.BAD_REQUEST,
          "redirect_uri_mismatch",
          "The redirect URI in the request, "
              + redirectUri
              + ", does not match the ones authorized for the OAuth client.");
    }
    String responseType = p.get("response_type");
    if (responseType == null) {
      throw invalidRequest("Required parameter is missing: response_type");
    }
    if (!responseType.equals("code")) {
      throw new AuthorizationError(
          HttpStatus.BAD_REQUEST,
          "unsupported_response_type",
          "Invalid response_type: " + responseType);
    }
    String scopeParam = p.get("scope");
    if (scopeParam == null || scopeParam.isBlank()) {
      throw invalidRequest("Missing required parameter: scope");
    }
    Set<String> scopes;
    try {
      scopes = Scopes.parse(scopeParam);
    } catch (IllegalArgumentException e) {
      throw new AuthorizationError(
          HttpStatus.BAD_REQUEST,
          "invalid_scope",
          "Some requested scopes were invalid. {invalid=[" + e.getMessage() + "]}");
    }
    String challenge = p.get("code_challenge");
    String method = p.get("code_challenge_method");
    if (challenge != null) {
      method = method == null ? "plain" : method;
      if (!method.equals("S256") && !method.equals("plain")) {
        throw invalidRequest("Invalid code_challenge_method: " + method);
      }
      if (!CODE_CHALLENGE.matcher(challenge).matches()) {
        throw invalidRequest(
            "Invalid code_challenge: must be 43-128 characters of [A-Za-z0-9-._~]");
      }
    } else if (method != null) {
      throw invalidRequest("Missing required parameter: code_challenge");
    }
    String accessType = p.getOrDefault("access_type", "online");
    if (!accessType.equals("online") && !accessType.equals("offline")) {
      throw invalidRequest("Invalid access_type: " + accessType);
    }
    String prompt = p.getOrDefault("prompt", "");
    for (String value : prompt.trim().split("\\s+")) {
      if (!value.isEmpty() && !Set.of("none", "consent", "select_account").contains(value)) {
        throw invalidRequest("Invalid prompt: " + prompt);
      }
    }
    return new AuthorizationRequest(
        Grants.random(18),
        client.clientId(),
        redirectUri,
        scopes,
        p.get("state"),
        challenge,
        challenge == null ? null : method,
        accessType.equals("offline"),
        prompt.contains("consent"),
        p.get("login_hint"),
        p.get("nonce"),
        clock.instant());
  }

  private String consentPage(AuthorizationRequest request) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Sign in - Google Accounts (emulator)</title></head><body>")
        .append("<h1>Choose an account</h1>")
        .append("<p>to continue to <strong id=\"client-id\">")
        .append(Html.escape(request.clientId()))
        .append("</strong></p>")
        .append("<form id=\"consent-form\" method=\"post\" action=\"/o/oauth2/v2/auth/approve\">")
        .append("<input type=\"hidden\" name=\"request_id\" value=\"")
        .append(Html.escape(request.id()))
        .append("\"><input type=\"hidden\" name=\"scopes_reviewed\" value=\"true\">")
        .append("<fieldset id=\"accounts\"><legend>Accounts</legend>");
    List<Account> all = accounts.all();
    String selected =
        accounts
            .find(request.loginHint())
            .map(Account::email)
            .orElse(all.isEmpty() ? null : all.get(0).email());
    for (Account account : all) {
      String email = Html.escape(account.email());
      html.append("<label><input type=\"radio\" name=\"account\" id=\"account-")
          .append(email)
          .append("\" data-account=\"")
          .append(email)
          .append("\" value=\"")
          .append(email)
          .append('"')
          .append(account.email().equals(selected) ? " checked" : "")
          .append("> ")
          .append(Html.escape(account.name()))
          .append(" &lt;")
          .append(email)
          .append("&gt;</label><br>");
    }
    html.append("</fieldset><fieldset id=\"scopes\"><legend>")
        .append(Html.escape(request.clientId()))
        .append(" wants to access your Google Account</legend>");
    for (String scope : request.scopes()) {
      if (Scopes.isIdentityScope(scope)) {
        html.append("<p data-identity-scope=\"")
            .append(Html.escape(scope))
            .append("\">")
            .append(Html.escape(scope))
            .append("</p>");
      } else {
        html.append("<label><input type=\"checkbox\" name=\"scope\" checked value=\"")
            .append(Html.escape(scope))
            .append("\" data-scope=\"")
            .append(Html.escape(scope))
            .append("\"> ")
            .append(Html.escape(scope))
            .append("</label><br>");
      }
    }
    html.append("</fieldset>")
        .append(
            "<button type=\"submit\" id=\"deny\" name=\"decision\" value=\"deny\">Deny</button> ")
        .append(
            "<button type=\"submit\" id=\"allow\" name=\"decision\" value=\"allow\">Allow</button>")
        .append("</form></body></html>");
    return html.toString();
  }

  private static ResponseEntity<String> errorPage(AuthorizationError e) {
    String body =
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Error "
            + e.status.value()
            + ": "
            + Html.escape(e.error)
            + "</title></head><body><h1>Access blocked: authorization error</h1>"
            + "<p>Error <span id=\"error-status\">"
            + e.status.value()
            + "</span>: <span id=\"error-code\">"
            + Html.escape(e.error)
            + "</span></p><p id=\"error-description\">"
            + Html.escape(e.getMessage())
            + "</p></body></html>";
    return ResponseEntity.status(e.status).contentType(HTML).body(body);
  }

  private static ResponseEntity<String> redirect(String redirectUri, Map<String, String> params) {
    StringBuilder location = new StringBuilder(redirectUri);
    char separator = redirectUri.contains("?") ? '&' : '?';
    for (Map.Entry<String, String> e : params.entrySet()) {
      location
          .append(separator)
          .append(e.getKey())
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
      separator = '&';
    }
    return ResponseEntity.status(HttpStatus.FOUND)
        .location(URI.create(location.toString()))
        .build();
  }

  private static AuthorizationError invalidRequest(String message) {
    return new AuthorizationError(HttpStatus.BAD_REQUEST, "invalid_request", message);
  }

  private static final class AuthorizationError extends RuntimeException {
    private final HttpStatus status;
    private final String error;

    AuthorizationError(HttpStatus status, String error, String message) {
      super(message, null, false, false);
      this.status = status;
      this.error = error;
    }
  }
}
