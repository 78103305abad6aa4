package io.calsync.orchestrator.link;

import io.calsync.contracts.ContractJson;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.task.TaskEvent;
import io.calsync.orchestrator.merge.SyncFields;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A task and its Google event ({@code link}), the aggregate: every change of a link is one of the
 * named transitions below, so the link's state machine reads in this one file. Immutable: a
 * transition returns the link as it is afterwards ({@code this} when it does not apply), and {@link
 * LinkRepository#save} stores it, checked against the {@link #rowVersion} it was loaded with.
 *
 * <pre>
 *   (none) --pushed--------------> ACTIVE
 *   (none) --pending(event)------> PENDING --taskSeen--> ACTIVE
 *   (none) --rebuilt(event)------> ACTIVE
 *   (none) --tombstone(event)----> DELETED by EVENT
 *   ACTIVE --deletePushed--------> DELETED by TASK --removalRefused--> ACTIVE
 *   ACTIVE --deletedByEvent------> DELETED by EVENT (for good; claimedBy moves it to its task)
 *   DELETED by TASK --upsertPushed--> ACTIVE
 * </pre>
 *
 * @param id the row's key; its natural keys are {@code (userId, taskId)} and {@code (userId,
 *     calendarId, eventId)}
 * @param rowVersion nullable: the row version it was loaded with, null for a link not saved yet
 * @param deletedBy nullable: who ended a {@code DELETED} link
 * @param taskSnapshot nullable: the task as last pushed (contract JSON)
 * @param taskVersion nullable: the task version last sent to Google (or agreed on by a merge)
 * @param taskUpdatedAt nullable: that version's {@code updatedAt}
 * @param appliedTaskVersion nullable: the task version Google is known to hold; only a {@code
 *     CommandApplied} (or a merge finding both sides equal) moves it, never a send
 * @param eventEtag nullable: the etag of the latest event version known (ours or Google's)
 * @param eventUpdated nullable: its {@code updated}
 * @param event nullable: the latest event version known
 * @param base nullable: the fields both sides last agreed on (the merge base)
 * @param taskChangedAt nullable: when a CRM user last changed the task
 */
public record Link(
    UUID id,
    Long rowVersion,
    String userId,
    String taskId,
    String calendarId,
    String eventId,
    State state,
    DeletedBy deletedBy,
    String taskSnapshot,
    Long taskVersion,
    Instant taskUpdatedAt,
    Long appliedTaskVersion,
    String eventEtag,
    Instant eventUpdated,
    EventChanged event,
    SyncFields base,
    Instant taskChangedAt) {

  /** {@code link.state}. */
  public enum State {
    /** Both sides exist and are kept in sync. */
    ACTIVE,
    /** The task is being created from the event. */
    PENDING,
    /** A tombstone: a late or replayed change cannot recreate what was deleted. */
    DELETED
  }

  /** {@code link.deleted_by}: which side ended a {@code DELETED} link. */
  public enum DeletedBy {
    /** The task was deleted or unscheduled in the CRM; a later push links it again. */
    TASK,
    /** The event was deleted in Google: the task is unlinked for good. */
    EVENT
  }

  // --- creation ---

  /** {@code task} was sent as an upsert of {@code eventId}, the task's first link. */
  public static Link pushed(TaskEvent task, String calendarId, String eventId) {
    return new Link(
        UUID.randomUUID(),
        null,
        task.userId(),
        task.taskId(),
        calendarId,
        eventId,
        State.ACTIVE,
        null,
        ContractJson.toJson(task),
        task.version(),
        task.updatedAt(),
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** A new event becomes a task: linked while task-service creates it. */
  public static Link pending(String taskId, EventChanged event, SyncFields base) {
    return fromEvent(taskId, event, State.PENDING, base);
  }

  /** An event naming an existing (or once known) task is linked to it again. */
  public static Link rebuilt(String taskId, EventChanged event, SyncFields base) {
    return fromEvent(taskId, event, State.ACTIVE, base);
  }

  /** An event that must never become a task (deleted, or its task is gone). */
  public static Link tombstone(String taskId, EventChanged event) {
    return fromEvent(taskId, event, State.DELETED, null);
  }

  private static Link fromEvent(String taskId, EventChanged event, State state, SyncFields base) {
    return new Link(
        UUID.randomUUID(),
        null,
        event.userId(),
        taskId,
        event.calendarId(),
        event.eventId(),
        state,
        state == State.DELETED ? DeletedBy.EVENT : null,
        null,
        null,
        null,
        null,
        event.etag(),
        event.updated(),
        event,
        base,
        null);
  }

  // --- what CRM -> Google sends ---

  /**
   * {@code task} was sent again as an upsert: the link is (re)activated. The version counts as
   * sent, not as in Google ({@link #delivered}). A reactivated link forgets the etag of the event
   * it deleted, so the next write is an insert (adopting the event on 409) rather than a
   * conditional update. The calendar and event ids stay those of the link.
   */
  public Link upsertPushed(TaskEvent task) {
    return with(
        State.ACTIVE,
        null,
        ContractJson.toJson(task),
        task.version(),
        task.updatedAt(),
        state == State.ACTIVE ? eventEtag : null,
        eventUpdated,
        event);
  }

  /**
   * The event of {@code task} is being removed; the row stays as a tombstone. Sent, not done:
   * {@link #removalRefused} undoes it when the connector could not remove the event.
   */
  public Link deletePushed(TaskEvent task) {
    return with(
        State.DELETED,
        DeletedBy.TASK,
        ContractJson.toJson(task),
        task.version(),
        task.updatedAt(),
        eventEtag,
        eventUpdated,
        event);
  }

  // --- what the connector reports ---

  /**
   * What Google answered to an upsert: the new etag (the {@code If-Match} of the next update, and
   * later the mark of our own write for echo suppression), {@code updated} and the event as written
   * (nullable: kept when unknown). Ignored when the link was deactivated meanwhile, or already
   * knows a newer event version: a Google edit made after our write, seen while the write was in
   * flight, stays (on a tie of {@code updated} too: an older version cannot share it, since our
   * write's If-Match would then have failed).
   */
  public Link upsertApplied(String etag, Instant updated, EventChanged written) {
    boolean newer =
        eventUpdated == null
            || updated == null
            || eventUpdated.isBefore(updated)
            || eventEtag == null
            || eventEtag.equals(etag);
    if (state != State.ACTIVE || !newer) {
      return this;
    }
    return withEvent(etag, updated, written == null ? event : written);
  }

  /** The event of a deactivated link is gone: nothing of it is worth keeping. */
  public Link deleteApplied() {
    return state == State.DELETED ? withEvent(null, null, null) : this;
  }

  /**
   * Google holds the task at {@code version}: a command carrying it was applied. Never moves back,
   * since results of older commands may arrive late.
   */
  public Link delivered(long version) {
    return withVersions(taskVersion, greatest(appliedTaskVersion, version));
  }

  /**
   * The connector could not remove the event (not connected, or a failure that may pass): the event
   * is still there, so the link is active again and the catch-up sends the removal again. Only
   * while the refused command is the latest one sent for the task ({@code latestCommand}).
   */
  public Link removalRefused(boolean latestCommand) {
    if (state != State.DELETED || deletedBy != DeletedBy.TASK || !latestCommand) {
      return this;
    }
    return with(
        State.ACTIVE,
        null,
        taskSnapshot,
        taskVersion,
        taskUpdatedAt,
        eventEtag,
        eventUpdated,
        event);
  }

  /**
   * Google refused a write with 412: what the orchestrator believed about the event is stale. The
   * fresh {@code EventChanged} the connector publishes is then merged rather than taken for an echo
   * ({@link #conflictPending}).
   */
  public Link eventStale() {
    return state == State.ACTIVE ? withEvent(null, eventUpdated, null) : this;
  }

  // --- what either side reports ---

  /** The latest version of the link's event (its etag marks it as seen). */
  public Link eventSeen(EventChanged latest) {
    return withEvent(latest.etag(), latest.updated(), latest);
  }

  /** The event was deleted in Google: the link becomes a tombstone that nothing revives. */
  public Link deletedByEvent(EventChanged cancelled) {
    return new Link(
        id,
        rowVersion,
        userId,
        taskId,
        calendarId,
        eventId,
        State.DELETED,
        DeletedBy.EVENT,
        taskSnapshot,
        taskVersion,
        taskUpdatedAt,
        appliedTaskVersion,
        cancelled.etag(),
        cancelled.updated(),
        event,
        base,
        taskChangedAt);
  }

  /**
   * The task was reported: a {@code PENDING} link becomes {@code ACTIVE}; a change by a CRM user
   * (not by CalSync) moves the task side's change time.
   */
  public Link taskSeen(TaskEvent task, boolean byCalSync) {
    return new Link(
        id,
        rowVersion,
        userId,
        taskId,
        calendarId,
        eventId,
        state == State.PENDING ? State.ACTIVE : state,
        deletedBy,
        taskSnapshot,
        taskVersion,
        taskUpdatedAt,
        appliedTaskVersion,
        eventEtag,
        eventUpdated,
        event,
        base,
        byCalSync ? taskChangedAt : task.updatedAt());
  }

  /** Both sides hold {@code agreed}: the next merge starts from it. */
  public Link agreed(SyncFields agreed) {
    return withBase(agreed, taskVersion, appliedTaskVersion);
  }

  /**
   * Both sides hold {@code agreed}, the task at {@code version}: a later connect need not push that
   * version again, and Google holds it.
   */
  public Link agreed(SyncFields agreed, long version) {
    return withBase(agreed, greatest(taskVersion, version), greatest(appliedTaskVersion, version));
  }

  /**
   * This tombstone of an event deleted in Google, recorded under the task id derived from the event
   * before its task was seen, moves to {@code task}: a cancellation that carries only the event id
   * names the derived task, not the task. That happens when a replay from the start or a restored
   * database handles the deletion in Google before the task event, the two topics not being ordered
   * against each other. Without it, the task's first push would collide with the tombstone on
   * {@code link_event_uk} and bring the deleted event back. The caller checks that the task has no
   * link of its own.
   */
  public Link claimedBy(String task) {
    if (!unlinkedByEvent() || taskId.equals(task)) {
      return this;
    }
    return new Link(
        id,
        rowVersion,
        userId,
        task,
        calendarId,
        eventId,
        state,
        deletedBy,
        taskSnapshot,
        taskVersion,
        taskUpdatedAt,
        appliedTaskVersion,
        eventEtag,
        eventUpdated,
        event,
        base,
        taskChangedAt);
  }

  // --- reading ---

  public boolean active() {
    return state == State.ACTIVE;
  }

  public boolean pending() {
    return state == State.PENDING;
  }

  public boolean deleted() {
    return state == State.DELETED;
  }

  /**
   * Google refused our last write with 412 ({@link #eventStale}): the event's current version is on
   * its way and has not been merged yet.
   */
  public boolean conflictPending() {
    return active() && event == null && eventEtag == null && eventUpdated != null;
  }

  /** The event was deleted in Google: the task is unlinked for good. */
  public boolean unlinkedByEvent() {
    return deleted() && deletedBy == DeletedBy.EVENT;
  }

  /**
   * Whether a connect with another Google account closes this link: all but the tombstones of
   * events deleted in Google (the user took those tasks out of the sync, whichever account they
   * use).
   */
  public boolean closesOnAccountChange() {
    return !unlinkedByEvent();
  }

  /** What the CRM → Google decision needs of this link. */
  public LinkState view() {
    return new LinkState(
        calendarId,
        eventId,
        eventEtag,
        active(),
        zeroIfNull(taskVersion),
        zeroIfNull(appliedTaskVersion),
        event);
  }

  /** Whether {@code next} differs from this link, so that saving it changes the row. */
  public boolean changedTo(Link next) {
    return !Objects.equals(this, next);
  }

  // --- helpers ---

  private Link with(
      State nextState,
      DeletedBy nextDeletedBy,
      String nextTaskSnapshot,
      Long nextTaskVersion,
      Instant nextTaskUpdatedAt,
      String nextEtag,
      Instant nextUpdated,
      EventChanged nextEvent) {
    return new Link(
        id,
        rowVersion,
        userId,
        taskId,
        calendarId,
        eventId,
        nextState,
        nextDeletedBy,
        nextTaskSnapshot,
        nextTaskVersion,
        nextTaskUpdatedAt,
        appliedTaskVersion,
        nextEtag,
        nextUpdated,
        nextEvent,
        base,
        taskChangedAt);
  }

  private Link withEvent(String nextEtag, Instant nextUpdated, EventChanged nextEvent) {
    return with(
        state,
        deletedBy,
        taskSnapshot,
        taskVersion,
        taskUpdatedAt,
        nextEtag,
        nextUpdated,
        nextEvent);
  }

  private Link withVersions(Long nextTaskVersion, Long nextApplied) {
    return withBase(base, nextTaskVersion, nextApplied);
  }

  private Link withBase(SyncFields nextBase, Long nextTaskVersion, Long nextApplied) {
    return new Link(
        id,
        rowVersion,
        userId,
        taskId,
        calendarId,
        eventId,
        state,
        deletedBy,
        taskSnapshot,
        nextTaskVersion,
        taskUpdatedAt,
        nextApplied,
        eventEtag,
        eventUpdated,
        event,
        nextBase,
        taskChangedAt);
  }

  /** As SQL's {@code GREATEST}: a missing value does not count. */
  private static Long greatest(Long current, long candidate) {
    return current == null ? candidate : Math.max(current, candidate);
  }

  private static long zeroIfNull(Long value) {
    return value == null ? 0 : value;
  }
}
