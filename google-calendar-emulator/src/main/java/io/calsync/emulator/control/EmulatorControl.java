package io.calsync.emulator.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calsync.emulator.calendar.EventService;
import io.calsync.emulator.calendar.WriteLog;
import io.calsync.emulator.faults.CallCounter;
import io.calsync.emulator.faults.FaultInjector;
import io.calsync.emulator.faults.QuotaLimiter;
import io.calsync.emulator.oauth.Grant;
import io.calsync.emulator.oauth.Grants;
import io.calsync.emulator.oauth.OAuthClient;
import io.calsync.emulator.oauth.OAuthClients;
import io.calsync.emulator.push.Channel;
import io.calsync.emulator.push.Delivery;
import io.calsync.emulator.push.PushChannels;
import io.calsync.emulator.store.Account;
import io.calsync.emulator.store.Accounts;
import io.calsync.emulator.store.CalendarState;
import io.calsync.emulator.store.CalendarStore;
import io.calsync.emulator.store.Resettable;
import io.calsync.emulator.wire.GoogleApiException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Test-only levers on the emulated Google, shared by the HTTP control API and {@code
 * GoogleEmulator#control()}.
 */
@Component
public class EmulatorControl {

  private final Accounts accounts;
  private final OAuthClients clients;
  private final Grants grants;
  private final CallCounter counter;
  private final FaultInjector faults;
  private final QuotaLimiter quota;
  private final CalendarStore store;
  private final EventService events;
  private final WriteLog writeLog;
  private final PushChannels channels;
  private final List<Resettable> resettables;

  EmulatorControl(
      Accounts accounts,
      OAuthClients clients,
      Grants grants,
      CallCounter counter,
      FaultInjector faults,
      QuotaLimiter quota,
      CalendarStore store,
      EventService events,
      WriteLog writeLog,
      PushChannels channels,
      List<Resettable> resettables) {
    this.accounts = accounts;
    this.clients = clients;
    this.grants = grants;
    this.counter = counter;
    this.faults = faults;
    this.quota = quota;
    this.store = store;
    this.events = events;
    this.writeLog = writeLog;
    this.channels = channels;
    this.resettables = resettables;
  }

  // --- accounts and clients

  public Account addAccount(String email) {
    return accounts.add(email);
  }

  public List<Account> accounts() {
    return accounts.all();
  }

  public OAuthClient registerClient(
      String clientId, String clientSecret, List<String> redirectUris) {
    return clients.register(new OAuthClient(clientId, clientSecret, redirectUris));
  }

  public List<OAuthClient> clients() {
    return clients.all();
  }

  // --- events, as the user edits them in Google Calendar's UI (no OAuth, push notifications fire)

  /**
   * Creates an event as the user in Google Calendar's UI (conference data and attachments
   * included). With an {@code organizer} object ({@code {"email", "displayName"}}) naming someone
   * else, it is an invitation that person sent: they organize and created it, the account is a
   * guest.
   */
  public ObjectNode createEvent(String account, ObjectNode event) {
    ObjectNode body = event.deepCopy();
    JsonNode organizer = body.remove("organizer");
    return events.insert(
        calendar(account),
        body,
        EventService.WriteOptions.user(),
        organizer != null && organizer.isObject() ? (ObjectNode) organizer : null);
  }

  /** One event of the account's calendar as Google stores it (also cancelled ones, instances). */
  public ObjectNode event(String account, String eventId) {
    return events.get(calendar(account), eventId);
  }

  /**
   * The organizer changes the event; on an invitation, this copy's own settings (reminders, colour,
   * transparency, private extended properties, the account's answer) stay as they are.
   */
  public ObjectNode patchEventAsOrganizer(String account, String eventId, ObjectNode patch) {
    return events.patchAsOrganizer(calendar(account), eventId, patch);
  }

  /** The account answers an invitation: {@code needsAction}, {@code accepted}, ... */
  public ObjectNode respond(String account, String eventId, String responseStatus) {
    return respond(account, eventId, responseStatus, null);
  }

  public ObjectNode respond(String account, String eventId, String responseStatus, String comment) {
    return events.respond(calendar(account), eventId, responseStatus, comment);
  }

  public ObjectNode patchEvent(String account, String eventId, ObjectNode patch) {
    return events.patch(calendar(account), eventId, patch, null, EventService.WriteOptions.user());
  }

  public ObjectNode updateEvent(String account, String eventId, ObjectNode event) {
    return events.update(calendar(account), eventId, event, null, EventService.WriteOptions.user());
  }

  public void deleteEvent(String account, String eventId) {
    events.delete(calendar(account), eventId, null, EventService.WriteOptions.user());
  }

  /** Every event of the account's primary calendar, cancelled ones included. */
  public List<ObjectNode> events(String account) {
    return events.allEvents(calendar(account));
  }

  /** Invalidates the account's sync tokens (all accounts when null): next use answers 410. */
  public void expireSyncTokens(String account) {
    List<Account> targets =
        account == null
            ? accounts.all()
            : List.of(accounts.find(account).orElseThrow(GoogleApiException::notFound));
    targets.forEach(a -> calendar(a.email()).expireSyncTokens());
  }

  /**
   * Event writes with their sendUpdates choice and would-be notification e-mails (all accounts when
   * null).
   */
  public List<WriteLog.Write> writes(String account) {
    return writeLog.writes(account);
  }

  /** The writes to one event of the account's calendar. */
  public List<WriteLog.Write> writes(String account, String eventId) {
    return writeLog.writes(account, eventId);
  }

  /**
   * The writes Calendar API clients made to one event (all events when {@code eventId} is null):
   * empty proves that no client wrote it; the control API's own edits are not included.
   */
  public List<WriteLog.Write> apiWrites(String account, String eventId) {
    return writeLog.writes(account, eventId).stream().filter(WriteLog.Write::byApi).toList();
  }

  public List<Channel> channels() {
    return channels.channels();
  }

  public List<Delivery> deliveries() {
    return channels.deliveries();
  }

  private CalendarState calendar(String account) {
    return store.calendar(account).orElseThrow(GoogleApiException::notFound);
  }

  // --- grants and tokens

  public List<Grant> grants() {
    return grants.all();
  }

  /**
   * Revokes the account's grants (to one client, or all clients when null), as the user would in
   * their Google account.
   */
  public int revokeGrants(String account, String clientId) {
    return grants.revokeGrants(account, clientId);
  }

  /** Expires the account's access tokens now (all accounts when null). */
  public int expireAccessTokens(String account) {
    return grants.expireAccessTokens(account);
  }

  // --- call counts

  public long callCount(String endpoint, String account) {
    return counter.count(endpoint, account);
  }

  public Map<String, Map<String, Long>> callCounts() {
    return counter.snapshot();
  }

  public void resetCallCounts() {
    counter.reset();
  }

  // --- faults

  public FaultInjector.ErrorRule injectErrors(FaultInjector.ErrorRule rule) {
    return faults.addError(rule);
  }

  public FaultInjector.LatencyRule injectLatency(FaultInjector.LatencyRule rule) {
    return faults.addLatency(rule);
  }

  public QuotaLimiter.RateLimitRule rateLimit(QuotaLimiter.RateLimitRule rule) {
    return quota.addRule(rule);
  }

  public void configureQuota(QuotaLimiter.Quota configuration) {
    quota.configure(configuration);
  }

  public QuotaLimiter.Quota quota() {
    return quota.quota();
  }

  public List<FaultInjector.ErrorRule> errorRules() {
    return faults.errors();
  }

  public List<FaultInjector.LatencyRule> latencyRules() {
    return faults.latencies();
  }

  public List<QuotaLimiter.RateLimitRule> rateLimitRules() {
    return quota.rules();
  }

  /** Lists stop seeing writes younger than {@code lag} (eventual consistency). */
  public void setReadLag(Duration lag) {
    store.setReadLag(lag);
  }

  public Duration readLag() {
    return store.readLag();
  }

  /** Removes every fault: injected errors and latency, rate limits, quota mode, read lag. */
  public void clearFaults() {
    faults.clear();
    quota.reset();
    store.setReadLag(Duration.ZERO);
  }

  public void reset() {
    clearFaults();
    counter.reset();
    grants.reset();
    clients.reset();
    accounts.reset();
    store.reset();
    resettables.forEach(Resettable::reset);
  }
}
