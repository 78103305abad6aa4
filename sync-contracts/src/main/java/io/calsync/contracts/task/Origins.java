package io.calsync.contracts.task;

/**
 * Well-known values of {@link TaskEvent#origin()}. The origin is a free string so that any CRM
 * service can name itself (e.g. {@code "crm-import"}); the orchestrator only treats {@link
 * #CALENDAR_SYNC} specially, as its own echo.
 */
public final class Origins {

  /** A change made by a CRM user through the task API. */
  public static final String CRM = "crm";

  /** A change applied by task-service on behalf of the orchestrator (a task command). */
  public static final String CALENDAR_SYNC = "calendar-sync";

  private Origins() {}
}
