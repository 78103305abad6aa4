package io.calsync.token.settings;

import io.calsync.contracts.connection.SyncSettings;
import io.calsync.contracts.connection.SyncSettingsChanged;
import io.calsync.platform.outbox.OutboxWriter;
import io.calsync.token.connection.ConnectionRepository;
import io.calsync.token.connection.GoogleConnection;
import io.calsync.token.web.Problems;
import jakarta.validation.Valid;
import java.time.Clock;
import java.time.ZoneId;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The caller's sync settings; each change is published as {@code SyncSettingsChanged}. */
@RestController
@RequestMapping("/api/v1/sync/settings")
class SyncSettingsController {

  private final SyncSettingsRepository settings;
  private final ConnectionRepository connections;
  private final OutboxWriter outbox;
  private final TransactionalOperator transaction;
  private final Clock clock;

  SyncSettingsController(
      SyncSettingsRepository settings,
      ConnectionRepository connections,
      OutboxWriter outbox,
      TransactionalOperator transaction,
      Clock clock) {
    this.settings = settings;
    this.connections = connections;
    this.outbox = outbox;
    this.transaction = transaction;
    this.clock = clock;
  }

  @GetMapping
  Mono<SyncSettings> get(@AuthenticationPrincipal Jwt user) {
    return settings.findOrDefaults(user.getSubject());
  }

  @PutMapping
  Mono<SyncSettings> put(
      @AuthenticationPrincipal Jwt user, @Valid @RequestBody SyncSettingsRequest request) {
    String userId = user.getSubject();
    // ZoneId.of also takes offsets such as "+02:00"; events need a region id with its DST rules.
    if (request.timeZone() != null
        && !request.timeZone().isBlank()
        && !ZoneId.getAvailableZoneIds().contains(request.timeZone())) {
      return Mono.error(
          Problems.invalidRequest(
              "timeZone `" + request.timeZone() + "` is not an IANA time zone id"));
    }
    return transaction.transactional(
        settings
            .save(userId, request.toSettings())
            .flatMap(
                saved ->
                    connections
                        .find(userId)
                        .map(GoogleConnection::usable)
                        .defaultIfEmpty(false)
                        .flatMap(
                            connected ->
                                outbox.append(
                                    new SyncSettingsChanged(
                                        userId, saved, connected, clock.instant()),
                                    clock.instant()))
                        .thenReturn(saved)));
  }
}
