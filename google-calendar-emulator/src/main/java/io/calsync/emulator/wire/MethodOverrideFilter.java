package io.calsync.emulator.wire;

import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Honours {@code X-HTTP-Method-Override}: the Google Java client sends PATCH as POST with this
 * header when its transport cannot send PATCH.
 */
@Component
class MethodOverrideFilter implements WebFilter, Ordered {

  static final String HEADER = "X-HTTP-Method-Override";

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 1;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String override = exchange.getRequest().getHeaders().getFirst(HEADER);
    if (override == null || exchange.getRequest().getMethod() != HttpMethod.POST) {
      return chain.filter(exchange);
    }
    HttpMethod method = HttpMethod.valueOf(override.trim().toUpperCase());
    return chain.filter(
        exchange.mutate().request(exchange.getRequest().mutate().method(method).build()).build());
  }
}
