package io.calsync.orchestrator.googletocrm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calsync.contracts.ContractJson;
import io.calsync.contracts.Topics;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.task.UnlinkTaskFromEvent;
import io.calsync.orchestrator.command.CalendarCommandLog;
import io.calsync.orchestrator.connection.UserConnectionRepository;
import io.calsync.orchestrator.effect.EffectApplier;
import io.calsync.orchestrator.effect.EffectApplier.Delivery;
import io.calsync.orchestrator.effect.Effects;
import io.calsync.orchestrator.googletocrm.EventDecision.LinkChange;
import io.calsync.orchestrator.guard.DeletionGuard;
import io.calsync.orchestrator.guard.HeldDeletion;
import io.calsync.orchestrator.guard.HeldDeletionApplier;
import io.calsync.orchestrator.history.HistoryEntry.Direction;
import io.calsync.orchestrator.history.HistoryOutcome;
import io.calsync.orchestrator.link.Link;
import io.calsync.orchestrator.link.LinkRepository;
import io.calsync.orchestrator.link.TaskStateRepository;
import io.calsync.orchestrator.metrics.Tally;
import io.calsync.orchestrator.reconcile.EventRestorer;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Google → CRM: turns {@code calendar.event-changes} into task commands, and into calendar commands
 * where the merge keeps a CRM value (docs/google-to-crm.md).
 *
 * <p>Per event change: loads the link, the linked task's latest snapshot and the owner's
 * connection, asks {@link EventChangeDecider} and hands what {@link EventEffects} makes of its
 * decision to the {@link EffectApplier}, which runs it all in the record's transaction.
 *
 * <p>Unlinking a task whose event was deleted in Google goes through the mass-deletion guard
 * ({@link DeletionGuard}): it is handed to the guard instead of being sent, and the guard applies
 * it later through {@link #apply}; while a deletion of a link is open, changes of its event are
 * ignored.
 */
@Component
public class EventSync implements HeldDeletionApplier {

  private static final ObjectMapper JSON = ContractJson.newMapper();
  private static final Effects DUPLICATE = Effects.counted(Tally.ignored("DUPLICATE_MESSAGE"));
  private static final Effects DELETION_HELD =
      Effects.counted(Tally.ignored(DeletionGuard.DELETION_HELD));

  private final EffectApplier applier;
  private final UserConnectionRepository connections;
  private final LinkRepository links;
  private final TaskStateRepository taskStates;
  private final CalendarCommandLog calendarCommandLog;
  private final DeletionGuard guard;
  private final EventRestorer eventRestorer;
  private final Clock clock;

  EventSync(
      EffectApplier applier,
      UserConnectionRepository connections,
      LinkRepository links,
      TaskStateRepository taskStates,
      CalendarCommandLog calendarCommandLog,
      DeletionGuard guard,
      EventRestorer eventRestorer) {
    this.applier = applier;
    this.connections = connections;
    this.links = links;
    this.taskStates = taskStates;
    this.calendarCommandLog = calendarCommandLog;
    this.guard = guard;
    this.eventRestorer = eventRestorer;
    this.clock = Clock.systemUTC();
  }

  /** Handles one event change delivered with {@code ce_id = messageId}. */
  public Mono<Void> onEventChanged(String messageId, EventChanged event) {
    return applier.handle(
        new Delivery(
            messageId, Topics.EVENT_CHANGES, event.userId(), Direction.GOOGLE_TO_CRM, DUPLICATE),
        () -> decide(messageId, event));
  }

  /**
   * While a deletion of the event's link is open in the guard (its event deleted in Google, or its
   * task deleted in the CRM), a change of the event is ignored: the sweeper or the user's decision
   * settles the link first.
   */
  private Mono<Effects> decide(String messageId, EventChanged event) {
    return optional(links.findByEvent(event.userId(), event.eventId()))
        .flatMap(
            link ->
                link.isEmpty()
                    ? decide(messageId, event, null)
                    : guard
                        .holds(event.userId(), link.get().taskId())
                        .flatMap(
                            held ->
                                held
                                    ? Mono.just(DELETION_HELD)
                                    : decide(messageId, event, link.get())));
  }

  /** Loads what the decision needs besides the event's link (nullable), and decides. */
  private Mono<Effects> decide(String messageId, EventChanged event, Link link) {
    String userId = event.userId();
    String taskId = link != null ? link.taskId() : EventChangeDecider.namedTaskId(event);
    Mono<Optional<Link>> taskLink =
        link != null ? Mono.just(Optional.empty()) : optional(links.findByTask(userId, taskId));
    Mono<Boolean> inFlight =
        link != null ? calendarCommandLog.upsertInFlight(userId, taskId) : Mono.just(false);
    // One statement after the other: they share the transaction's connection.
    return optional(connections.find(userId))
        .flatMap(
            connection ->
                taskLink.flatMap(
                    byTask ->
                        inFlight.flatMap(
                            writing ->
                                optional(taskStates.find(userId, taskId))
                                    .map(
                                        task ->
                                            EventEffects.of(
                                                messageId,
                                                event,
                                                link,
                                                task.orElse(null),
                                                EventChangeDecider.decide(
                                                    event,
                                                    link,
                                                    byTask.orElse(null),
                                                    task.orElse(null),
                                                    connection.orElse(null),
                                                    clock.instant(),
                                                    messageId,
                                                    writing))))));
  }

  @Override
  public Direction direction() {
    return Direction.GOOGLE_TO_CRM;
  }

  /**
   * Unlinks a task whose event was deleted in Google, held by the guard, as the cancellation's own
   * handling would have when it arrived. Nothing when the link is no longer active.
   */
  @Override
  public Mono<Tally> apply(HeldDeletion deletion) {
    EventChanged cancelled = read(deletion.snapshot(), EventChanged.class);
    EventDecision decision =
        new EventDecision(
            HistoryOutcome.COMMAND_SENT,
            EventReason.valueOf(deletion.reasonCode()),
            deletion.taskId(),
            LinkChange.UNLINK,
            null,
            read(deletion.command(), UnlinkTaskFromEvent.class),
            null,
            List.of());
    return links
        .findByTask(deletion.userId(), deletion.taskId())
        .filter(Link::active)
        .flatMap(
            link ->
                optional(taskStates.find(deletion.userId(), deletion.taskId()))
                    .map(
                        task ->
                            EventEffects.performed(
                                deletion.causationId(),
                                cancelled,
                                link,
                                task.orElse(null),
                                decision)))
        .flatMap(applier::apply)
        .flatMapIterable(tallies -> tallies)
        .next();
  }

  /**
   * The user keeps the task although its event was deleted in Google: the link stays active and the
   * event is re-created from the task ({@link EventRestorer#restoreEvent}, CRM → Google's {@code
   * TaskSync}).
   */
  @Override
  public Mono<Tally> keep(HeldDeletion deletion) {
    return eventRestorer.restoreEvent(
        deletion.userId(), deletion.taskId(), "keep-held-deletion:" + deletion.id());
  }

  private static <T> T read(String json, Class<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "unreadable " + type.getSimpleName() + " of a held deletion", e);
    }
  }

  private static <T> Mono<Optional<T>> optional(Mono<T> mono) {
    return mono.map(Optional::of).defaultIfEmpty(Optional.empty());
  }
}
