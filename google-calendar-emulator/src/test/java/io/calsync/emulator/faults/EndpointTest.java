package io.calsync.emulator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class EndpointTest {

  @Test
  void namesCalendarMethodsLikeGooglesDiscoveryDocument() {
    String events = "/calendar/v3/calendars/alice%40example.com/events";
    assertThat(Endpoint.resolve(HttpMethod.GET, events).name()).isEqualTo("events.list");
    assertThat(Endpoint.resolve(HttpMethod.POST, events).name()).isEqualTo("events.insert");
    assertThat(Endpoint.resolve(HttpMethod.POST, events + "/watch").name())
        .isEqualTo("events.watch");
    assertThat(Endpoint.resolve(HttpMethod.PATCH, events + "/abcde").name())
        .isEqualTo("events.patch");
    assertThat(Endpoint.resolve(HttpMethod.PUT, events + "/abcde").name())
        .isEqualTo("events.update");
    assertThat(Endpoint.resolve(HttpMethod.DELETE, events + "/abcde").name())
        .isEqualTo("events.delete");
    assertThat(Endpoint.resolve(HttpMethod.GET, "/calendar/v3/users/me/calendarList").name())
        .isEqualTo("calendarList.list");
    assertThat(Endpoint.resolve(HttpMethod.POST, "/calendar/v3/channels/stop").name())
        .isEqualTo("channels.stop");
    assertThat(Endpoint.resolve(HttpMethod.POST, "/token").name()).isEqualTo("oauth.token");
    assertThat(Endpoint.resolve(HttpMethod.GET, "/emulator/v1/calls")).isNull();
  }

  @Test
  void faultPatterns_defaultToCalendarApiOnly() {
    Endpoint list = Endpoint.resolve(HttpMethod.GET, "/calendar/v3/calendars/primary/events");
    Endpoint token = Endpoint.resolve(HttpMethod.POST, "/token");
    assertThat(FaultInjector.matches(null, list)).isTrue();
    assertThat(FaultInjector.matches(null, token)).isFalse();
    assertThat(FaultInjector.matches("oauth.*", token)).isTrue();
    assertThat(FaultInjector.matches("events.insert", list)).isFalse();
  }
}
