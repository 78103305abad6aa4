package io.calsync.e2e;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** Task request bodies for task-service's {@code /api/v1/tasks}. */
final class TaskMother {

  static final String ZONE = "Europe/Berlin";
  static final LocalDate DUE_DATE = LocalDate.of(2030, 3, 15);
  static final LocalTime DUE_TIME = LocalTime.of(14, 30);

  private TaskMother() {}

  /** Due on {@link #DUE_DATE} at {@link #DUE_TIME} in Berlin; {@code description} may be null. */
  static Map<String, Object> dueAt(String title, String description) {
    return dueAt(title, description, DUE_DATE, DUE_TIME);
  }

  static Map<String, Object> dueAt(
      String title, String description, LocalDate date, LocalTime time) {
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("title", title);
    task.put("description", description);
    task.put("dueDate", date.toString());
    task.put("dueTime", time.toString());
    task.put("timeZone", ZONE);
    return task;
  }

  /** Due on {@link #DUE_DATE}, without a time. */
  static Map<String, Object> dateOnly(String title) {
    Map<String, Object> task = dueAt(title, null);
    task.remove("dueTime");
    return task;
  }
}
