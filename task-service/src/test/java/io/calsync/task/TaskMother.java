package io.calsync.task;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Request bodies of the task API, as JSON maps: a typical task and the variations the tests need.
 * Every method returns a fresh, mutable map.
 */
public final class TaskMother {

  public static final String ZONE = "Europe/Berlin";

  private TaskMother() {}

  /** A task due tomorrow at {@code hour:minute} Berlin time, assigned to Bob. */
  public static Map<String, Object> dueTomorrowAt(int hour, int minute) {
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("title", "Call Acme about the renewal");
    task.put("description", "Ask for the signed quote.");
    task.put("dueDate", LocalDate.now().plusDays(1).toString());
    task.put("dueTime", LocalTime.of(hour, minute).toString());
    task.put("timeZone", ZONE);
    task.put("assigneeEmail", "bob@example.com");
    return task;
  }

  /** A task with only a title. */
  public static Map<String, Object> titled(String title) {
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("title", title);
    return task;
  }

  /** A date-only task due on {@code date}. */
  public static Map<String, Object> dueOn(LocalDate date) {
    Map<String, Object> task = titled("Send the invoice for " + date);
    task.put("dueDate", date.toString());
    return task;
  }

  /**
   * {@code task} with {@code field} set to {@code value}, or removed when {@code value} is null.
   */
  public static Map<String, Object> with(Map<String, Object> task, String field, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(task);
    if (value == null) {
      copy.remove(field);
    } else {
      copy.put(field, value);
    }
    return copy;
  }
}
