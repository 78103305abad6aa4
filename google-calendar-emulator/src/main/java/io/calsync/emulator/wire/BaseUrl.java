package io.calsync.emulator.wire;

import java.net.URI;
import org.springframework.web.server.ServerWebExchange;

/** The emulator's externally visible base URL, as the caller addressed it. */
public final class BaseUrl {

  private BaseUrl() {}

  public static String of(ServerWebExchange exchange, String configured) {
    if (configured != null && !configured.isBlank()) {
      return configured.endsWith("/")
          ? configured.substring(0, configured.length() - 1)
          : configured;
    }
    URI uri = exchange.getRequest().getURI();
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }
}
