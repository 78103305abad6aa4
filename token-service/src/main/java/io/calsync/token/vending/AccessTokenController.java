package io.calsync.token.vending;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Token vending for {@code calendar-connector}; {@code /internal/**} needs a service token (see
 * {@code SecurityConfig}). 404 problem: no usable connection; 409 problem {@code connection-lost}:
 * the user must reconnect, stop syncing them; 503: Google unavailable, retry later.
 */
@RestController
class AccessTokenController {

  private final AccessTokenVendor vendor;

  AccessTokenController(AccessTokenVendor vendor) {
    this.vendor = vendor;
  }

  @GetMapping("/internal/v1/users/{userId}/google-access-token")
  Mono<ResponseEntity<AccessTokenVendor.AccessToken>> accessToken(
      @PathVariable String userId, @RequestParam(defaultValue = "false") boolean refresh) {
    return vendor
        .accessToken(userId, refresh)
        .map(token -> ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(token));
  }
}
