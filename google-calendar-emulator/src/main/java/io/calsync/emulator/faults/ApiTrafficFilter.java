package io.calsync.emulator.faults;

import io.calsync.emulator.oauth.AccessGrant;
import io.calsync.emulator.oauth.Bearer;
import io.calsync.emulator.oauth.Grants;
import io.calsync.emulator.oauth.Scopes;
import io.calsync.emulator.wire.ErrorResponses;
import io.calsync.emulator.wire.GoogleApiException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Everything that happens to an emulated API call before its handler, in Google's order: injected
 * latency, bearer-token and scope check (Calendar API only), call counting, injected errors, quota.
 * Control and actuator paths pass untouched.
 */
@Component
class ApiTrafficFilter implements WebFilter, Ordered {

  private final Grants grants;
  private final CallCounter counter;
  private final FaultInjector faults;
  private final QuotaLimiter quota;

  ApiTrafficFilter(Grants grants, CallCounter counter, FaultInjector faults, QuotaLimiter quota) {
    this.grants = grants;
    this.counter = counter;
    this.faults = faults;
    this.quota = quota;
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 10;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    Endpoint endpoint =
        Endpoint.resolve(
            exchange.getRequest().getMethod(),
            exchange.getRequest().getPath().pathWithinApplication().value());
    if (endpoint == null) {
      return chain.filter(exchange);
    }
    Duration delay = faults.latency(endpoint);
    Mono<Void> handled = Mono.defer(() -> handle(endpoint, exchange, chain));
    return delay.isZero() ? handled : Mono.delay(delay).then(handled);
  }

  private Mono<Void> handle(Endpoint endpoint, ServerWebExchange exchange, WebFilterChain chain) {
    String account = null;
    if (endpoint.calendarApi()) {
      String token = Bearer.token(exchange.getRequest());
      Optional<AccessGrant> grant = grants.authenticate(token);
      if (grant.isEmpty()) {
        counter.record(endpoint.name(), null);
        return ErrorResponses.write(
            exchange, token == null ? loginRequired() : GoogleApiException.authError(true));
      }
      account = grant.get().account();
      counter.record(endpoint.name(), account);
      if (!Scopes.grantsAny(grant.get().scopes(), endpoint.acceptedScopes())) {
        return ErrorResponses.write(exchange, GoogleApiException.insufficientPermissions());
      }
      exchange.getAttributes().put(AccessGrant.ATTRIBUTE, grant.get());
    } else {
      counter.record(endpoint.name(), null);
    }
    Optional<GoogleApiException> injected = faults.nextError(endpoint, account);
    if (injected.isPresent()) {
      return ErrorResponses.write(exchange, injected.get());
    }
    if (endpoint.calendarApi()) {
      Optional<GoogleApiException> limited = quota.check(account);
      if (limited.isPresent()) {
        return ErrorResponses.write(exchange, limited.get());
      }
    }
    return chain.filter(exchange);
  }

  /** What Google answers when no credential is sent at all. */
  private static GoogleApiException loginRequired() {
    return new GoogleApiException(
        HttpStatus.UNAUTHORIZED,
        "global",
        "required",
        "Login Required.",
        "header",
        "Authorization",
        Map.of("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\""));
  }
}
