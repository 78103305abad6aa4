package io.calsync.emulator.oauth;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/** Extracts an OAuth 2.0 bearer token the ways Google accepts it (header or query). */
public final class Bearer {

  private Bearer() {}

  public static String token(ServerHttpRequest request) {
    String header = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = header.substring(7).trim();
      return token.isEmpty() ? null : token;
    }
    return request.getQueryParams().getFirst("access_token");
  }
}
