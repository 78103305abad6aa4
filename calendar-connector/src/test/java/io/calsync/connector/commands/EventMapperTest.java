package io.calsync.connector.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.calendar.model.Event;
import io.calsync.connector.google.EventMapper;
import io.calsync.contracts.calendar.EventChanged;
import io.calsync.contracts.calendar.EventStatus;
import io.calsync.contracts.calendar.EventTime;
import io.calsync.contracts.calendar.SendUpdates;
import io.calsync.contracts.calendar.UpsertEvent;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventMapperTest {

  @Test
  void mapsTimedUpsertToGoogleEventJson() throws Exception {
    UpsertEvent command = CommandMother.upsert("user-1", "task-1", "cs0123456789");

    String json = GsonFactory.getDefaultInstance().toString(EventMapper.toGoogle(command));

    assertThat(json)
        .contains("\"id\":\"cs0123456789\"")
        .contains("\"summary\":\"Call Alice about the offer\"")
        .contains("\"description\":\"Prepare the numbers\"")
        .contains("\"start\":{\"dateTime\":\"2026-12-01T09:30:00.000+01:00\"")
        .contains("\"timeZone\":\"Europe/Berlin\"")
        .contains("\"end\":{\"dateTime\":\"2026-12-01T10:00:00.000+01:00\"")
        .contains("\"attendees\":[{\"email\":\"carol@example.com\"}]")
        .contains("\"calsyncTaskId\":\"task-1\"");
  }

  @Test
  void mapsAllDayUpsertToGoogleDates() throws Exception {
    LocalDate day = LocalDate.of(2026, 12, 24);
    UpsertEvent command =
        new UpsertEvent(
            "c-1",
            "user-1",
            "task-1",
            "primary",
            "cs0123456789",
            null,
            SendUpdates.NONE,
            "Christmas shopping",
            null,
            EventTime.ofDate(day),
            EventTime.ofDate(day.plusDays(1)),
            List.of(),
            Map.of(UpsertEvent.TASK_ID_PROPERTY, "task-1"));

    String json = GsonFactory.getDefaultInstance().toString(EventMapper.toGoogle(command));

    assertThat(json)
        .contains("\"start\":{\"date\":\"2026-12-24\"}")
        .contains("\"end\":{\"date\":\"2026-12-25\"}");
  }

  @Test
  void readsGoogleEventIntoEventChanged_resolvingPrimaryToTheOrganizer() throws Exception {
    String googleJson =
        """
        {"id":"cs0123456789","etag":"\\"3329\\"","status":"confirmed",
         "updated":"2026-11-27T10:00:00.123Z","summary":"Edited",
         "organizer":{"email":"alice@example.com","self":true},
         "start":{"dateTime":"2026-12-01T09:30:00+01:00","timeZone":"Europe/Berlin"},
         "end":{"date":"2026-12-02"},
         "attendees":[{"email":"carol@example.com"}],
         "extendedProperties":{"private":{"calsyncTaskId":"task-1"}}}
        """;
    Event event = GsonFactory.getDefaultInstance().fromString(googleJson, Event.class);

    EventChanged changed = EventMapper.toEventChanged("user-1", "primary", event);

    assertThat(changed.calendarId()).isEqualTo("alice@example.com");
    assertThat(changed.etag()).isEqualTo("\"3329\"");
    assertThat(changed.status()).isEqualTo(EventStatus.CONFIRMED);
    assertThat(changed.updated()).hasToString("2026-11-27T10:00:00.123Z");
    assertThat(changed.start())
        .isEqualTo(
            EventTime.ofDateTime(
                java.time.OffsetDateTime.parse("2026-12-01T09:30:00+01:00"), "Europe/Berlin"));
    assertThat(changed.end()).isEqualTo(EventTime.ofDate(LocalDate.of(2026, 12, 2)));
    assertThat(changed.attendees()).containsExactly("carol@example.com");
    assertThat(changed.calsyncTaskId()).isEqualTo("task-1");
  }
}
