package io.calsync.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.calsync.contracts.calendar.AssigneeAttendee;
import io.calsync.contracts.calendar.EventChanged;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssigneeAttendeeTest {

  private static final List<String> MEETING = List.of("guest1@example.com", "Guest2@example.com");

  @Test
  void addsTheAssignee_andRemembersAddingThem() {
    AssigneeAttendee.Result result = AssigneeAttendee.write(MEETING, null, "dave@example.com");

    assertThat(result.attendees())
        .containsExactly("guest1@example.com", "Guest2@example.com", "dave@example.com");
    assertThat(result.added()).isEqualTo("dave@example.com");
    assertThat(result.properties())
        .containsEntry(EventChanged.ASSIGNEE_PROPERTY, "dave@example.com")
        .containsEntry(EventChanged.ADDED_ATTENDEE_PROPERTY, "dave@example.com");
  }

  @Test
  void replacingTheAssignee_removesOnlyTheAttendeeCalSyncAdded() {
    List<String> withDave = List.of("guest1@example.com", "Guest2@example.com", "dave@example.com");

    AssigneeAttendee.Result result =
        AssigneeAttendee.write(withDave, "dave@example.com", "erin@example.com");

    assertThat(result.attendees())
        .containsExactly("guest1@example.com", "Guest2@example.com", "erin@example.com");
  }

  @Test
  void anAssigneeWhoIsAlreadyAGuest_isNotAddedAgain_norRemovedWhenCleared() {
    AssigneeAttendee.Result assigned = AssigneeAttendee.write(MEETING, null, "guest2@example.com");
    assertThat(assigned.attendees()).isEqualTo(MEETING);
    assertThat(assigned.added()).isNull();

    AssigneeAttendee.Result cleared = AssigneeAttendee.write(MEETING, assigned.added(), null);
    assertThat(cleared.attendees()).isEqualTo(MEETING);
    assertThat(cleared.properties()).containsEntry(EventChanged.ASSIGNEE_PROPERTY, "");
  }

  @Test
  void clearing_removesTheOneCalSyncAdded() {
    List<String> withDave = List.of("guest1@example.com", "dave@example.com");

    assertThat(AssigneeAttendee.write(withDave, "dave@example.com", null).attendees())
        .containsExactly("guest1@example.com");
  }
}
