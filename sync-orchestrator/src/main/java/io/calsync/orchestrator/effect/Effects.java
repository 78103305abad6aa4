package io.calsync.orchestrator.effect;

import io.calsync.contracts.calendar.CalendarCommand;
import io.calsync.contracts.task.TaskCommand;
import io.calsync.orchestrator.command.CalendarCommandLog.Outcome;
import io.calsync.orchestrator.guard.HeldDeletion;
import io.calsync.orchestrator.history.HistoryAction;
import io.calsync.orchestrator.history.HistoryEntry;
import io.calsync.orchestrator.link.Link;
import io.calsync.orchestrator.metrics.Tally;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a decision makes happen, as a value: the deciders and their handlers return it, and {@link
 * EffectApplier} carries it out in the record's transaction. Immutable; {@link #and} joins two in
 * order (the history lines and the commands keep their order; a link transitioned twice is saved
 * once, as it is in the end).
 *
 * @param links the links to save: new ones, or loaded ones after their transitions
 * @param closedLinks loaded links to remove
 * @param sends the commands to publish and log, in order
 * @param deletions deletions handed to the mass-deletion guard instead of being sent
 * @param commandsSupersededOf nullable: the user whose commands so far went to a Google account
 *     they replaced
 * @param history the history lines, in order
 * @param tallies the decisions, counted after the commit in the handler's direction
 * @param result nullable: a command result, counted after the commit instead of the tallies
 */
public record Effects(
    List<Link> links,
    List<Link> closedLinks,
    List<Send> sends,
    List<HeldDeletion> deletions,
    String commandsSupersededOf,
    List<HistoryEntry> history,
    List<Tally> tallies,
    Outcome result) {

  private static final Effects NONE =
      new Effects(List.of(), List.of(), List.of(), List.of(), null, List.of(), List.of(), null);

  public Effects {
    links = List.copyOf(links);
    closedLinks = List.copyOf(closedLinks);
    sends = List.copyOf(sends);
    deletions = List.copyOf(deletions);
    history = List.copyOf(history);
    tallies = List.copyOf(tallies);
  }

  /** A command to publish (acknowledged by Kafka before the commit) and to log. */
  public sealed interface Send {}

  /**
   * @param plainPush whether the command carries exactly one task version's fields (a CRM push, not
   *     a merge result)
   * @param taskVersion nullable: the task version whose fields it carries
   */
  public record CalendarSend(CalendarCommand command, boolean plainPush, Long taskVersion)
      implements Send {}

  /**
   * @param taskId nullable: the task it is about ({@code task_command.task_id})
   */
  public record TaskSend(TaskCommand command, String taskId) implements Send {}

  public static Effects none() {
    return NONE;
  }

  /** A decision that only counts. */
  public static Effects counted(Tally tally) {
    return new Effects(
        List.of(), List.of(), List.of(), List.of(), null, List.of(), List.of(tally), null);
  }

  /** A history line. */
  public static Effects recorded(HistoryEntry entry) {
    return new Effects(
        List.of(), List.of(), List.of(), List.of(), null, List.of(entry), List.of(), null);
  }

  /** {@code after} saved, if the transitions from {@code before} (nullable: new) changed it. */
  public static Effects transition(Link before, Link after) {
    if (after == null || (before != null && !before.changedTo(after))) {
      return NONE;
    }
    return new Effects(
        List.of(after), List.of(), List.of(), List.of(), null, List.of(), List.of(), null);
  }

  /** The link removed. */
  public static Effects closed(Link link) {
    return new Effects(
        List.of(), List.of(link), List.of(), List.of(), null, List.of(), List.of(), null);
  }

  public static Effects sent(CalendarCommand command, boolean plainPush, Long taskVersion) {
    return sending(new CalendarSend(command, plainPush, taskVersion));
  }

  public static Effects sent(TaskCommand command, String taskId) {
    return sending(new TaskSend(command, taskId));
  }

  private static Effects sending(Send send) {
    return new Effects(
        List.of(), List.of(), List.of(send), List.of(), null, List.of(), List.of(), null);
  }

  /**
   * A deletion handed to the guard: recorded, nothing sent now; counted as {@code DEFERRED} with
   * {@code action}, what applying it will do.
   */
  public static Effects held(HeldDeletion deletion, HistoryAction action) {
    return new Effects(
        List.of(),
        List.of(),
        List.of(),
        List.of(deletion),
        null,
        List.of(),
        List.of(Tally.deferred(action, deletion.reasonCode())),
        null);
  }

  /** Every command the user was sent so far went to a Google account they replaced. */
  public static Effects commandsSuperseded(String userId) {
    return new Effects(
        List.of(), List.of(), List.of(), List.of(), userId, List.of(), List.of(), null);
  }

  /** These effects, then {@code next}. */
  public Effects and(Effects next) {
    Map<UUID, Link> saved = new LinkedHashMap<>();
    links.forEach(link -> saved.put(link.id(), link));
    next.links.forEach(link -> saved.put(link.id(), link));
    return new Effects(
        List.copyOf(saved.values()),
        concat(closedLinks, next.closedLinks),
        concat(sends, next.sends),
        concat(deletions, next.deletions),
        next.commandsSupersededOf != null ? next.commandsSupersededOf : commandsSupersededOf,
        concat(history, next.history),
        concat(tallies, next.tallies),
        next.result != null ? next.result : result);
  }

  /** These effects plus the decision {@code tally}. */
  public Effects counting(Tally tally) {
    return and(counted(tally));
  }

  /**
   * These effects, counted as the command result {@code outcome} alone: a result's follow-up
   * decisions (a merge, a resend) are not counted as decisions of their own.
   */
  public Effects countedAsResult(Outcome outcome) {
    return new Effects(
        links, closedLinks, sends, deletions, commandsSupersededOf, history, List.of(), outcome);
  }

  private static <T> List<T> concat(List<T> first, List<T> second) {
    if (second.isEmpty()) {
      return first;
    }
    List<T> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
