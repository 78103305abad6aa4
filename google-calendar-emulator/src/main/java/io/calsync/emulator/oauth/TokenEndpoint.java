package io.calsync.emulator.oauth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calsync.emulator.store.Account;
import io.calsync.emulator.store.Accounts;
import io.calsync.emulator.wire.OAuthException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Google's token, revoke, userinfo, tokeninfo and JWKS endpoints ({@code
 * oauth2.googleapis.com/token}, {@code /revoke}, {@code /tokeninfo}, {@code
 * www.googleapis.com/oauth2/v3/userinfo}, {@code /oauth2/v3/certs}).
 */
@RestController
class TokenEndpoint {

  private final ObjectMapper json = new ObjectMapper();
  private final OAuthClients clients;
  private final Grants grants;
  private final Accounts accounts;
  private final IdTokens idTokens;
  private final Clock clock;

  TokenEndpoint(
      OAuthClients clients, Grants grants, Accounts accounts, IdTokens idTokens, Clock clock) {
    this.clients = clients;
    this.grants = grants;
    this.accounts = accounts;
    this.idTokens = idTokens;
    this.clock = clock;
  }

  @PostMapping({"/token", "/o/oauth2/token", "/oauth2/v4/token"})
  Mono<ResponseEntity<ObjectNode>> token(ServerWebExchange exchange) {
    return formAndQuery(exchange).map(form -> tokenResponse(exchange.getRequest(), form));
  }

  private ResponseEntity<ObjectNode> tokenResponse(
      ServerHttpRequest request, MultiValueMap<String, String> form) {
    OAuthClient client = authenticateClient(request, form);
    String grantType = form.getFirst("grant_type");
    if (grantType == null) {
      throw OAuthException.invalidRequest("Required parameter is missing: grant_type");
    }
    TokenResponse tokens =
        switch (grantType) {
          case "authorization_code" ->
              grants.exchangeCode(
                  client,
                  form.getFirst("code"),
                  form.getFirst("redirect_uri"),
                  form.getFirst("code_verifier"));
          case "refresh_token" -> grants.refresh(client, form.getFirst("refresh_token"));
          default ->
              throw new OAuthException(
                  HttpStatus.BAD_REQUEST,
                  "unsupported_grant_type",
                  "Invalid grant_type: " + grantType);
        };
    ObjectNode body = json.createObjectNode();
    body.put("access_token", tokens.accessToken());
    body.put("expires_in", tokens.expiresIn());
    if (tokens.refreshToken() != null) {
      body.put("refresh_token", tokens.refreshToken());
    }
    body.put("scope", tokens.scope());
    body.put("token_type", "Bearer");
    if (tokens.idToken() != null) {
      body.put("id_token", tokens.idToken());
    }
    return ResponseEntity.ok()
        .header(HttpHeaders.CACHE_CONTROL, "no-cache, no-store, max-age=0, must-revalidate")
        .header(HttpHeaders.PRAGMA, "no-cache")
        .contentType(MediaType.APPLICATION_JSON)
        .body(body);
  }

  private OAuthClient authenticateClient(
      ServerHttpRequest request, MultiValueMap<String, String> form) {
    String clientId = form.getFirst("client_id");
    String secret = form.getFirst("client_secret");
    String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      String decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).trim()),
              StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon > 0) {
        clientId = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
        secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
      }
    }
    if (clientId == null) {
      throw OAuthException.invalidRequest("Could not determine client ID from request.");
    }
    OAuthClient client =
        clients
            .find(clientId)
            .orElseThrow(() -> OAuthException.invalidClient("The OAuth client was not found."));
    if (secret == null) {
      throw OAuthException.invalidRequest("client_secret is missing.");
    }
    if (!secret.equals(client.clientSecret())) {
      throw OAuthException.invalidClient("Unauthorized");
    }
    return client;
  }

  @RequestMapping(
      value = {"/revoke", "/o/oauth2/revoke"},
      method = {RequestMethod.POST, RequestMethod.GET})
  Mono<ResponseEntity<ObjectNode>> revoke(ServerWebExchange exchange) {
    return answer(
        exchange,
        "token",
        token -> {
          if (token == null) {
            throw new OAuthException(HttpStatus.BAD_REQUEST, "invalid_request", "Bad Request");
          }
          if (!grants.revokeToken(token)) {
            throw new OAuthException(
                HttpStatus.BAD_REQUEST, "invalid_token", "Token expired or revoked");
          }
          return json.createObjectNode();
        });
  }

  @RequestMapping(
      value = {"/oauth2/v3/userinfo", "/v1/userinfo", "/oauth2/v2/userinfo"},
      method = {RequestMethod.GET, RequestMethod.POST})
  ResponseEntity<ObjectNode> userinfo(ServerWebExchange exchange) {
    String token = Bearer.token(exchange.getRequest());
    Optional<AccessGrant> grant = grants.authenticate(token);
    if (grant.isEmpty()) {
      return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
          .header(
              HttpHeaders.WWW_AUTHENTICATE,
              "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"")
          .contentType(MediaType.APPLICATION_JSON)
          .body(
              json.createObjectNode()
                  .put("error", "invalid_request")
                  .put("error_description", "Invalid Credentials"));
    }
    Account account = accounts.find(grant.get().account()).orElseThrow();
    ObjectNode body = json.createObjectNode().put("sub", account.subject());
    if (grant.get().scopes().contains(Scopes.USERINFO_PROFILE)) {
      body.put("name", account.name()).put("given_name", account.name());
    }
    if (grant.get().scopes().contains(Scopes.USERINFO_EMAIL)) {
      body.put("email", account.email()).put("email_verified", true);
    }
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
  }

  @RequestMapping(
      value = {"/tokeninfo", "/oauth2/v3/tokeninfo"},
      method = {RequestMethod.GET, RequestMethod.POST})
  Mono<ResponseEntity<ObjectNode>> tokeninfo(ServerWebExchange exchange) {
    return answer(exchange, "access_token", this::tokeninfo);
  }

  private ObjectNode tokeninfo(String token) {
    AccessGrant grant =
        grants
            .authenticate(token)
            .orElseThrow(
                () -> new OAuthException(HttpStatus.BAD_REQUEST, "invalid_token", "Invalid Value"));
    Account account = accounts.find(grant.account()).orElseThrow();
    Instant expiry = grants.accessTokenExpiry(token).orElseThrow();
    ObjectNode body =
        json.createObjectNode()
            .put("azp", grant.clientId())
            .put("aud", grant.clientId())
            .put("sub", account.subject())
            .put("scope", Scopes.join(grant.scopes()))
            .put("exp", Long.toString(expiry.getEpochSecond()))
            .put(
                "expires_in",
                Long.toString(
                    Math.max(0, expiry.getEpochSecond() - clock.instant().getEpochSecond())));
    if (grant.scopes().contains(Scopes.USERINFO_EMAIL)) {
      body.put("email", account.email()).put("email_verified", "true");
    }
    body.put("access_type", grants.isOffline(grant.grantId()) ? "offline" : "online");
    return body;
  }

  @GetMapping("/oauth2/v3/certs")
  ResponseEntity<ObjectNode> certs() {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(idTokens.jwks());
  }

  /**
   * An endpoint that reads one parameter (form body or query, possibly null) and answers 200 with
   * the JSON the handler builds; the handler's {@code OAuthException} is the error answer.
   */
  private static Mono<ResponseEntity<ObjectNode>> answer(
      ServerWebExchange exchange, String parameter, Function<String, ObjectNode> handler) {
    return formAndQuery(exchange)
        .map(
            form ->
                ResponseEntity.ok()
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(handler.apply(form.getFirst(parameter))));
  }

  /** Google reads OAuth parameters from the form body and, failing that, from the query. */
  private static Mono<MultiValueMap<String, String>> formAndQuery(ServerWebExchange exchange) {
    return exchange
        .getFormData()
        .map(
            form -> {
              MultiValueMap<String, String> all =
                  new LinkedMultiValueMap<>(exchange.getRequest().getQueryParams());
              form.forEach((k, v) -> all.put(k, v));
              return all;
            });
  }
}
