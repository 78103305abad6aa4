package io.calsync.orchestrator.crmtogoogle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calsync.contracts.ContractJson;
import io.calsync.contracts.Topics;
import io.calsync.contracts.calendar.DeleteEvent;
import io.calsync.contracts.connection.SyncMode;
import io.calsync.contracts.task.Origins;
import io.calsync.contracts.task.TaskDeleted;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.contracts.task.TaskUpdated;
import io.calsync.orchestrator.command.CalendarCommandLog;
import io.calsync.orchestrator.command.TaskCommandLog;
import io.calsync.orchestrator.connection.CatchUp;
import io.calsync.orchestrator.connection.UserConnection;
import io.calsync.orchestrator.connection.UserConnectionRepository;
import io.calsync.orchestrator.effect.EffectApplier;
import io.calsync.orchestrator.effect.EffectApplier.Delivery;
import io.calsync.orchestrator.effect.Effects;
import io.calsync.orchestrator.guard.DeletionGuard;
import io.calsync.orchestrator.guard.HeldDeletion;
import io.calsync.orchestrator.guard.HeldDeletionApplier;
import io.calsync.orchestrator.history.HistoryAction;
import io.calsync.orchestrator.history.HistoryEntry;
import io.calsync.orchestrator.history.HistoryEntry.Direction;
import io.calsync.orchestrator.history.HistoryOutcome;
import io.calsync.orchestrator.link.Link;
import io.calsync.orchestrator.link.LinkRepository;
import io.calsync.orchestrator.link.LinkState;
import io.calsync.orchestrator.link.TaskStateRepository;
import io.calsync.orchestrator.metrics.SyncMetrics;
import io.calsync.orchestrator.metrics.Tally;
import io.calsync.orchestrator.reconcile.CalendarCommandDecider;
import io.calsync.orchestrator.reconcile.Decision;
import io.calsync.orchestrator.reconcile.DecisionReason;
import io.calsync.orchestrator.reconcile.EventIds;
import io.calsync.orchestrator.reconcile.EventRestorer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * CRM → Google: turns task events into calendar commands (docs/crm-to-google.md).
 *
 * <p>Per task event: the version check ({@code task_state}: a version not newer than the one seen
 * is ignored), then the task's link, the owner's connection and what is in flight are loaded,
 * {@link TaskEffects} decides, and the {@link EffectApplier} makes it happen in the record's
 * transaction.
 *
 * <p>Deletions of events go through the mass-deletion guard ({@link DeletionGuard}): they are
 * handed to it instead of being sent, and it applies them later through {@link #apply}; while a
 * deletion of a link is open, changes of its task are skipped.
 */
@Component
public class TaskSync implements CatchUp, HeldDeletionApplier, EventRestorer {

  private static final ObjectMapper JSON = ContractJson.newMapper();

  private static final Effects DUPLICATE = Effects.counted(Tally.ignored("DUPLICATE_MESSAGE"));
  private static final Effects STALE = Effects.counted(Tally.ignored("STALE_VERSION"));
  private static final Tally ACCOUNT_CHANGED = Tally.skipped("ACCOUNT_CHANGED");
  private static final Tally DELETION_KEPT =
      new Tally(HistoryAction.NONE, HistoryOutcome.COMPLETED, "DELETION_KEPT");

  private final EffectApplier applier;
  private final TaskStateRepository taskStates;
  private final UserConnectionRepository connections;
  private final LinkRepository links;
  private final CalendarCommandLog commandLog;
  private final TaskCommandLog taskCommandLog;
  private final DeletionGuard guard;
  private final SyncMetrics metrics;

  TaskSync(
      EffectApplier applier,
      TaskStateRepository taskStates,
      UserConnectionRepository connections,
      LinkRepository links,
      CalendarCommandLog commandLog,
      TaskCommandLog taskCommandLog,
      DeletionGuard guard,
      SyncMetrics metrics) {
    this.applier = applier;
    this.taskStates = taskStates;
    this.connections = connections;
    this.links = links;
    this.commandLog = commandLog;
    this.taskCommandLog = taskCommandLog;
    this.guard = guard;
    this.metrics = metrics;
  }

  /** Handles one task event delivered with {@code ce_id = messageId}. */
  public Mono<Void> onTaskEvent(String messageId, TaskEvent task) {
    return applier.handle(
        new Delivery(
            messageId, Topics.TASK_EVENTS, task.userId(), Direction.CRM_TO_GOOGLE, DUPLICATE),
        () ->
            taskStates
                .advance(task)
                .flatMap(newer -> newer ? decide(messageId, task) : Mono.just(STALE)));
  }

  private Mono<Effects> decide(String messageId, TaskEvent task) {
    // One statement after the other: they share the transaction's connection.
    return optional(connections.find(task.userId()))
        .flatMap(
            connection ->
                ours(task)
                    .flatMap(
                        ours ->
                            found(task, link -> link.taskSeen(task, ours))
                                .flatMap(
                                    found ->
                                        commandLog
                                            .upsertInFlight(task.userId(), task.taskId())
                                            .flatMap(
                                                inFlight ->
                                                    guard
                                                        .holds(task.userId(), task.taskId())
                                                        .map(
                                                            held ->
                                                                found
                                                                    .transition()
                                                                    .and(
                                                                        TaskEffects.ofChange(
                                                                            messageId,
                                                                            task,
                                                                            connection.orElse(null),
                                                                            found.link(),
                                                                            ours,
                                                                            inFlight,
                                                                            held)))))));
  }

  /**
   * The task's link as loaded and as {@code seen} leaves it; without a link of its own, the
   * tombstone of the task's event, claimed for the task ({@link Link#claimedBy}) instead. Empty
   * (both null) when there is neither.
   */
  private Mono<Found> found(TaskEvent task, UnaryOperator<Link> seen) {
    return links
        .findByTask(task.userId(), task.taskId())
        .map(link -> new Found(link, seen.apply(link), false))
        .switchIfEmpty(
            links
                .findEventTombstone(task.userId(), EventIds.of(task.userId(), task.taskId()))
                .map(tombstone -> new Found(tombstone, tombstone.claimedBy(task.taskId()), true)))
        .defaultIfEmpty(new Found(null, null, false));
  }

  /**
   * A task's link, as loaded and after its transitions so far.
   *
   * @param claimed whether it is the tombstone of the task's event, claimed for the task
   */
  private record Found(Link loaded, Link link, boolean claimed) {

    Effects transition() {
      return Effects.transition(loaded, link);
    }
  }

  /**
   * Pushes the user's tasks that are not in Google (never pushed, changed while the user was not
   * connected or not writing to Google, or refused by the connector), after a connect or a switch
   * to a writing mode. Runs in the caller's transaction; records one summary line plus one line per
   * command, since the skips were recorded when the task changed. The caller counts the returned
   * tallies after its commit.
   *
   * <p>A task with a command in flight is passed over: one write per link at a time. That command's
   * result completes the catch-up: once applied, a newer version follows ({@link #pushLatest}); if
   * refused, the task is sent again at once ({@link #resend}), since this catch-up started after
   * the command was sent.
   *
   * @param messageId {@code ce_id} of the connection event, the seed of the command ids
   */
  @Override
  public Mono<List<Tally>> backfill(UserConnection connection, String messageId) {
    return taskStates
        .outOfSync(connection.userId())
        // Collect first: the connection must not be issuing new statements while it still streams
        // the rows of this one.
        .collectList()
        .flatMapMany(Flux::fromIterable)
        .concatMap(task -> catchUp(task, connection, messageId).flatMap(applier::apply))
        .flatMapIterable(tallies -> tallies)
        .collectList()
        .flatMap(
            tallies ->
                applier
                    .apply(summary(connection.userId(), messageId, tallies))
                    .thenReturn(tallies));
  }

  /**
   * The catch-up of one task: a task whose event's tombstone it claims stays unlinked; it is passed
   * over while a command of it is in flight, or a deletion of its link is open in the guard.
   */
  private Mono<Effects> catchUp(TaskEvent task, UserConnection connection, String messageId) {
    return found(task, UnaryOperator.identity())
        .flatMap(
            found ->
                found.claimed()
                    ? Mono.just(found.transition().counting(TaskEffects.EVENT_DELETED))
                    : catchUp(task, connection, found.link(), messageId));
  }

  private Mono<Effects> catchUp(
      TaskEvent task, UserConnection connection, Link link, String messageId) {
    return guard
        .holds(task.userId(), task.taskId())
        .flatMap(
            held ->
                held
                    ? Mono.just(Effects.counted(TaskEffects.DELETION_HELD))
                    : commandLog
                        .inFlight(task.userId(), task.taskId())
                        .map(
                            inFlight ->
                                inFlight
                                    ? Effects.counted(TaskEffects.WRITE_IN_FLIGHT)
                                    : TaskEffects.of(
                                        CalendarCommandDecider.decide(
                                            task,
                                            connection,
                                            link == null ? null : link.view(),
                                            messageId),
                                        task,
                                        link,
                                        messageId,
                                        false)));
  }

  /**
   * Closes the links to the previous account's calendar, which CalSync can no longer read or write
   * ({@link Link#closesOnAccountChange}): active and pending links and the tombstones of deleted
   * tasks are removed, so that each task is pushed to the new calendar as a new event and that
   * calendar's events are new to CalSync. Every command sent so far counts as sent to that account:
   * their results, however late, change no link, and they do not hold the catch-up back. One
   * history line per closed link says why the task's event is no longer updated.
   */
  @Override
  public Mono<List<Tally>> accountChanged(UserConnection connection, String messageId) {
    String userId = connection.userId();
    return links
        .findByUser(userId)
        .map(
            all -> {
              Effects effects = Effects.commandsSuperseded(userId);
              for (Link link : all) {
                if (link.closesOnAccountChange()) {
                  effects = effects.and(closed(link, messageId));
                }
              }
              return effects;
            })
        .flatMap(applier::apply);
  }

  private static Effects closed(Link link, String messageId) {
    return Effects.closed(link)
        .and(
            Effects.recorded(
                HistoryEntry.skipped(
                    link.userId(),
                    Direction.CRM_TO_GOOGLE,
                    link.taskId(),
                    link.eventId(),
                    "another Google account was connected; this task's event stays in the"
                        + " previous account's calendar, which CalSync no longer updates",
                    Map.of(
                        "reasonCode",
                        ACCOUNT_CHANGED.reason(),
                        "previousCalendarId",
                        link.calendarId(),
                        "linkState",
                        link.state().name()),
                    messageId)))
        .counting(ACCOUNT_CHANGED);
  }

  /**
   * After the connector refused the task's last command (not connected, or a failure that may pass)
   * and a catch-up has passed the task over meanwhile: the task's latest snapshot is sent again
   * unless Google already holds it.
   *
   * @param messageId {@code ce_id} of the command result, the seed of the command ids
   * @param link nullable: the task's link, as the result left it
   */
  Mono<Effects> resend(String messageId, UserConnection connection, Link link) {
    if (link == null) {
      return Mono.just(Effects.none());
    }
    return taskStates
        .find(link.userId(), link.taskId())
        .filter(task -> link.view().appliedTaskVersion() < task.version())
        .flatMap(task -> redecide(messageId, task, connection, link))
        .defaultIfEmpty(Effects.none());
  }

  /**
   * After Google applied an upsert of the task: decides again for the task's latest snapshot, which
   * (like event changes) waited while that write was in flight.
   *
   * @param link the task's link, as the result left it
   */
  Mono<Effects> pushLatest(String messageId, Link link) {
    if (!link.active()) {
      return Mono.just(Effects.none());
    }
    LinkState view = link.view();
    return taskStates
        .find(link.userId(), link.taskId())
        .flatMap(
            task ->
                connections
                    .find(link.userId())
                    // TWO_WAY merges the latest task with the latest event seen (an edit in Google
                    // while the write was in flight, or none: then only the base moves); other
                    // modes push a newer task version.
                    .filter(
                        connection ->
                            connection.settings().mode() == SyncMode.TWO_WAY
                                || view.taskVersion() < task.version())
                    .flatMap(connection -> redecide(messageId, task, connection, link)))
        .defaultIfEmpty(Effects.none());
  }

  /** Decides again for a linked task's latest snapshot. */
  private Mono<Effects> redecide(
      String messageId, TaskEvent task, UserConnection connection, Link link) {
    return guard
        .holds(task.userId(), task.taskId())
        .map(held -> TaskEffects.ofChange(messageId, task, connection, link, false, false, held));
  }

  /** A change task-service applied for one of our task commands. */
  private Mono<Boolean> ours(TaskEvent task) {
    if (Origins.CALENDAR_SYNC.equals(task.origin())) {
      return Mono.just(true);
    }
    return taskCommandLog.ours(task.causationId());
  }

  @Override
  public Direction direction() {
    return Direction.CRM_TO_GOOGLE;
  }

  /**
   * Sends a deletion of the task's event that the guard held, as the task event's own handling
   * would have when it arrived. Nothing when the link is no longer active (closed by a change of
   * Google account, or removed otherwise).
   */
  @Override
  public Mono<Tally> apply(HeldDeletion deletion) {
    TaskEvent task = task(deletion);
    Decision decision =
        new Decision.Delete(
            read(deletion.command(), DeleteEvent.class),
            DecisionReason.valueOf(deletion.reasonCode()));
    return activeLink(deletion)
        .map(link -> TaskEffects.sent(decision, task, link, deletion.causationId()))
        .flatMap(this::applied);
  }

  /**
   * The user keeps the event although its task was deleted or unscheduled: nothing is sent, and the
   * link is closed as if the event had been removed ({@code DELETED} by the task), so that the
   * event is neither updated nor deleted by CalSync any more. A later change of a task that is not
   * deleted links it again by the usual insert (which adopts the event).
   */
  @Override
  public Mono<Tally> keep(HeldDeletion deletion) {
    TaskEvent task = task(deletion);
    return activeLink(deletion)
        .map(link -> Effects.transition(link, link.deletePushed(task)).counting(DELETION_KEPT))
        .flatMap(this::applied);
  }

  /**
   * The user keeps a task whose event was deleted in Google (a held deletion): the link stays
   * active, and the event is re-created from the task's latest snapshot with an upsert without
   * {@code expectedEtag} for the link's event id, so that the connector's insert is answered 409
   * and it restores the cancelled event (adopt). Nothing when the task calls for no event now (not
   * connected, a mode that does not write to Google, the task deleted or unscheduled meanwhile).
   * Runs in the caller's transaction.
   *
   * @param seed the seed of the command id
   */
  @Override
  public Mono<Tally> restoreEvent(String userId, String taskId, String seed) {
    return connections
        .find(userId)
        .flatMap(
            connection ->
                taskStates
                    .find(userId, taskId)
                    .flatMap(
                        task ->
                            links
                                .findByTask(userId, taskId)
                                .filter(Link::active)
                                .flatMap(
                                    link -> {
                                      LinkState view = link.view();
                                      // Known to be gone: no etag, no event to patch.
                                      LinkState gone =
                                          new LinkState(
                                              view.calendarId(),
                                              view.eventId(),
                                              null,
                                              true,
                                              view.taskVersion(),
                                              view.appliedTaskVersion(),
                                              null);
                                      Decision decision =
                                          CalendarCommandDecider.decide(
                                              task, connection, gone, seed);
                                      return decision instanceof Decision.Upsert
                                          ? applied(TaskEffects.sent(decision, task, link, seed))
                                          : Mono.empty();
                                    })));
  }

  private Mono<Link> activeLink(HeldDeletion deletion) {
    return links.findByTask(deletion.userId(), deletion.taskId()).filter(Link::active);
  }

  /** Applies effects of one decision in the caller's transaction; its tally. */
  private Mono<Tally> applied(Effects effects) {
    return applier.apply(effects).flatMapIterable(tallies -> tallies).next();
  }

  private static TaskEvent task(HeldDeletion deletion) {
    return deletion.snapshotKind() == HeldDeletion.SnapshotKind.TASK_DELETED
        ? read(deletion.snapshot(), TaskDeleted.class)
        : read(deletion.snapshot(), TaskUpdated.class);
  }

  private static <T> T read(String json, Class<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "unreadable " + type.getSimpleName() + " of a held deletion", e);
    }
  }

  private static Effects summary(String userId, String messageId, List<Tally> tallies) {
    if (tallies.isEmpty()) {
      return Effects.none();
    }
    long sent = tallies.stream().filter(Tally::commandSent).count();
    long skipped = tallies.size() - sent;
    return Effects.recorded(
        new HistoryEntry(
            userId,
            Direction.CRM_TO_GOOGLE,
            HistoryAction.BACKFILL,
            HistoryOutcome.COMPLETED,
            null,
            null,
            sent + " task(s) not yet in sync sent to Google, " + skipped + " skipped",
            Map.of("commandsSent", sent, "skipped", skipped),
            messageId));
  }

  private static <T> Mono<Optional<T>> optional(Mono<T> mono) {
    return mono.map(Optional::of).defaultIfEmpty(Optional.empty());
  }

  /** Counts decisions; call after their transaction committed. */
  @Override
  public void count(Tally tally) {
    metrics.decision(Direction.CRM_TO_GOOGLE.name(), tally);
  }
}
