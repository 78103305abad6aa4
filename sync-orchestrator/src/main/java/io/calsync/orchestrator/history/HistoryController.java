package io.calsync.orchestrator.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;

/**
 * {@code GET /api/v1/sync/history}: the caller's own history (JWT {@code sub}), newest first. Pages
 * with {@code before}: the {@code sequence} of the last entry of the previous page.
 */
@RestController
class HistoryController {

  static final String PATH = "/api/v1/sync/history";
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 200;

  private final DatabaseClient db;
  private final ObjectMapper json;

  HistoryController(DatabaseClient db, ObjectMapper json) {
    this.db = db;
    this.json = json;
  }

  @GetMapping(PATH)
  Flux<HistoryView> history(
      @AuthenticationPrincipal Jwt jwt,
      @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit,
      @RequestParam(required = false) Long before) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new ResponseStatusException(
          HttpStatus.BAD_REQUEST, "limit must be between 1 and " + MAX_LIMIT);
    }
    return db.sql(
            "SELECT h.sequence, h.id, h.occurred_at, h.direction, h.action, h.outcome, h.task_id,"
                + " h.event_id, h.reason, h.detail, h.causation_id,"
                // The title people know the item by: the task's latest, else the event's.
                + " COALESCE(t.snapshot ->> 'title', l.event_snapshot ->> 'summary') AS task_title"
                + " FROM sync_history h"
                + " LEFT JOIN task_state t ON t.user_id = h.user_id AND t.task_id = h.task_id"
                + " LEFT JOIN link l ON l.user_id = h.user_id AND l.task_id = h.task_id"
                + " WHERE h.user_id = :userId AND h.sequence < :before"
                + " ORDER BY h.sequence DESC LIMIT :limit")
        .bind("userId", jwt.getSubject())
        .bind("before", before == null ? Long.MAX_VALUE : before)
        .bind("limit", limit)
        .map(
            row ->
                new HistoryView(
                    row.get("sequence", Long.class),
                    row.get("id", UUID.class),
                    row.get("occurred_at", OffsetDateTime.class).toInstant(),
                    row.get("direction", String.class),
                    row.get("action", String.class),
                    row.get("outcome", String.class),
                    row.get("task_id", String.class),
                    row.get("task_title", String.class),
                    row.get("event_id", String.class),
                    row.get("reason", String.class),
                    tree(row.get("detail", String.class)),
                    row.get("causation_id", String.class)))
        .all();
  }

  private JsonNode tree(String detail) {
    try {
      return detail == null ? json.createObjectNode() : json.readTree(detail);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * An entry as the API shows it; {@code taskTitle} (nullable) is the task's latest title, else its
   * event's summary, so a page can say "“Call ACME”: event updated in Google Calendar".
   */
  record HistoryView(
      long sequence,
      UUID id,
      Instant occurredAt,
      String direction,
      String action,
      String outcome,
      String taskId,
      String taskTitle,
      String eventId,
      String reason,
      JsonNode detail,
      String causationId) {}
}
