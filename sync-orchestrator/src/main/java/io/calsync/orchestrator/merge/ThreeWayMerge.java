package io.calsync.orchestrator.merge;

import io.calsync.orchestrator.merge.SyncFields.Field;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Field-level three-way merge of a task and its event against the link's base, the fields both
 * sides last agreed on (docs/google-to-crm.md, "Merge"). A pure function.
 *
 * <ul>
 *   <li>both sides hold the same value → that value;
 *   <li>changed on one side only → that side's value;
 *   <li>changed on both sides to different values → the side changed most recently (task {@code
 *       updatedAt} against event {@code updated}); a tie, or an event without {@code updated}, goes
 *       to the CRM. Each such decision is an {@link Override} for the sync history.
 * </ul>
 *
 * Without a base (a link rebuilt from an event that carries a task id), every differing field is
 * treated as changed on both sides.
 */
public final class ThreeWayMerge {

  /** Which side's value a field took. */
  public enum Side {
    CRM,
    GOOGLE
  }

  /** A field changed on both sides; {@code winner}'s value was kept, the other one overridden. */
  public record Override(Field field, Object taskValue, Object eventValue, Side winner) {

    /** For the sync history, e.g. "title changed on both sides; the most recent change, ...". */
    public String describe() {
      return field.name().toLowerCase(java.util.Locale.ROOT)
          + " changed on both sides; the most recent change, in "
          + (winner == Side.CRM ? "the CRM" : "Google")
          + ", wins";
    }
  }

  /** The merged fields and the conflicts decided on the way. */
  public record Result(SyncFields merged, List<Override> overrides) {}

  private ThreeWayMerge() {}

  /**
   * @param base nullable: the fields both sides last agreed on
   * @param taskChangedAt when the task side last changed
   * @param eventChangedAt nullable: when the event last changed ({@code updated})
   */
  public static Result merge(
      SyncFields base,
      SyncFields task,
      Instant taskChangedAt,
      SyncFields event,
      Instant eventChangedAt) {
    SyncFields merged = task;
    List<Override> overrides = new ArrayList<>();
    for (Field field : Field.values()) {
      Object taskValue = task.value(field);
      Object eventValue = event.value(field);
      if (Objects.equals(taskValue, eventValue)) {
        continue;
      }
      Object baseValue = base == null ? null : base.value(field);
      boolean taskChanged = base == null || !Objects.equals(taskValue, baseValue);
      boolean eventChanged = base == null || !Objects.equals(eventValue, baseValue);
      if (taskChanged && eventChanged) {
        Side winner =
            eventChangedAt != null && eventChangedAt.isAfter(taskChangedAt)
                ? Side.GOOGLE
                : Side.CRM;
        overrides.add(new Override(field, taskValue, eventValue, winner));
        if (winner == Side.GOOGLE) {
          merged = merged.with(field, event);
        }
      } else if (eventChanged) {
        merged = merged.with(field, event);
      }
    }
    return new Result(merged, List.copyOf(overrides));
  }
}
