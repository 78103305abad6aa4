package io.calsync.emulator.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calsync.emulator.calendar.WriteLog;
import io.calsync.emulator.faults.FaultInjector;
import io.calsync.emulator.faults.QuotaLimiter;
import io.calsync.emulator.oauth.Grant;
import io.calsync.emulator.oauth.OAuthClient;
import io.calsync.emulator.store.Account;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP control API: accounts, events as the user, clients, grants, channels, call counts and
 * faults.
 */
@RestController
@RequestMapping("/emulator/v1")
class ControlController {

  private final EmulatorControl control;

  ControlController(EmulatorControl control) {
    this.control = control;
  }

  record AccountRequest(String email) {}

  record GrantView(
      String id,
      String clientId,
      String account,
      Set<String> scopes,
      boolean offline,
      boolean revoked,
      Instant createdAt) {
    static GrantView of(Grant g) {
      return new GrantView(
          g.id(), g.clientId(), g.account(), g.scopes(), g.offline(), g.revoked(), g.createdAt());
    }
  }

  record ReadLag(long millis) {}

  record Response(String responseStatus, String comment) {}

  record Count(int affected) {}

  @PostMapping("/reset")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void reset() {
    control.reset();
  }

  @GetMapping("/accounts")
  List<Account> accounts() {
    return control.accounts();
  }

  @PostMapping("/accounts")
  Account addAccount(@RequestBody AccountRequest request) {
    return control.addAccount(request.email());
  }

  @GetMapping("/accounts/{account}/events")
  List<ObjectNode> events(@PathVariable String account) {
    return control.events(account);
  }

  @PostMapping("/accounts/{account}/events")
  ObjectNode createEvent(@PathVariable String account, @RequestBody ObjectNode event) {
    return control.createEvent(account, event);
  }

  @GetMapping("/accounts/{account}/events/{eventId}")
  ObjectNode event(@PathVariable String account, @PathVariable String eventId) {
    return control.event(account, eventId);
  }

  @PatchMapping("/accounts/{account}/events/{eventId}/as-organizer")
  ObjectNode patchEventAsOrganizer(
      @PathVariable String account, @PathVariable String eventId, @RequestBody ObjectNode patch) {
    return control.patchEventAsOrganizer(account, eventId, patch);
  }

  @PutMapping("/accounts/{account}/events/{eventId}/response")
  ObjectNode respond(
      @PathVariable String account, @PathVariable String eventId, @RequestBody Response response) {
    return control.respond(account, eventId, response.responseStatus(), response.comment());
  }

  @PatchMapping("/accounts/{account}/events/{eventId}")
  ObjectNode patchEvent(
      @PathVariable String account, @PathVariable String eventId, @RequestBody ObjectNode patch) {
    return control.patchEvent(account, eventId, patch);
  }

  @PutMapping("/accounts/{account}/events/{eventId}")
  ObjectNode updateEvent(
      @PathVariable String account, @PathVariable String eventId, @RequestBody ObjectNode event) {
    return control.updateEvent(account, eventId, event);
  }

  @DeleteMapping("/accounts/{account}/events/{eventId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void deleteEvent(@PathVariable String account, @PathVariable String eventId) {
    control.deleteEvent(account, eventId);
  }

  @PostMapping("/sync-tokens/expire")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void expireSyncTokens(@RequestParam(required = false) String account) {
    control.expireSyncTokens(account);
  }

  @GetMapping("/writes")
  List<WriteLog.Write> writes(
      @RequestParam(required = false) String account,
      @RequestParam(required = false) String eventId,
      @RequestParam(required = false) String actor) {
    return control.writes(account, eventId).stream()
        .filter(w -> actor == null || w.actor().equals(actor) || w.actor().startsWith(actor + ":"))
        .toList();
  }

  @GetMapping("/channels")
  Map<String, Object> channels() {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("channels", control.channels());
    view.put("deliveries", control.deliveries());
    return view;
  }

  @GetMapping("/clients")
  List<OAuthClient> clients() {
    return control.clients();
  }

  @PostMapping("/clients")
  OAuthClient registerClient(@RequestBody OAuthClient client) {
    return control.registerClient(client.clientId(), client.clientSecret(), client.redirectUris());
  }

  @GetMapping("/grants")
  List<GrantView> grants() {
    return control.grants().stream().map(GrantView::of).toList();
  }

  @PostMapping("/grants/revoke")
  Count revokeGrants(
      @RequestParam(required = false) String account,
      @RequestParam(required = false) String clientId) {
    return new Count(control.revokeGrants(account, clientId));
  }

  @PostMapping("/access-tokens/expire")
  Count expireAccessTokens(@RequestParam(required = false) String account) {
    return new Count(control.expireAccessTokens(account));
  }

  @GetMapping("/calls")
  Map<String, Map<String, Long>> calls() {
    return control.callCounts();
  }

  @DeleteMapping("/calls")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void resetCalls() {
    control.resetCallCounts();
  }

  @GetMapping("/faults")
  Map<String, Object> faults() {
    Map<String, Object> faults = new LinkedHashMap<>();
    faults.put("errors", control.errorRules());
    faults.put("latency", control.latencyRules());
    faults.put("rateLimits", control.rateLimitRules());
    faults.put("quota", control.quota());
    faults.put("readLagMillis", control.readLag().toMillis());
    return faults;
  }

  @DeleteMapping("/faults")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void clearFaults() {
    control.clearFaults();
  }

  @PostMapping("/faults/errors")
  FaultInjector.ErrorRule injectErrors(@RequestBody FaultInjector.ErrorRule rule) {
    return control.injectErrors(rule);
  }

  @PostMapping("/faults/latency")
  FaultInjector.LatencyRule injectLatency(@RequestBody FaultInjector.LatencyRule rule) {
    return control.injectLatency(rule);
  }

  @PostMapping("/faults/rate-limits")
  QuotaLimiter.RateLimitRule rateLimit(@RequestBody QuotaLimiter.RateLimitRule rule) {
    return control.rateLimit(rule);
  }

  @PutMapping("/faults/quota")
  QuotaLimiter.Quota quota(@RequestBody QuotaLimiter.Quota quota) {
    control.configureQuota(quota);
    return control.quota();
  }

  @PutMapping("/faults/read-lag")
  ReadLag readLag(@RequestBody ReadLag lag) {
    control.setReadLag(Duration.ofMillis(lag.millis()));
    return new ReadLag(control.readLag().toMillis());
  }
}
