package io.calsync.token.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Binding {@code calsync.google.*} as Spring does at start-up. */
class GooglePropertiesTest {

  private static final String CALLBACK = "https://calsync.example.com/oauth2/callback/google";

  @Test
  void bindsARedirectUriThatIsOnTheAllowList() {
    GoogleProperties properties = bind(config(CALLBACK));

    assertThat(properties.redirectUri()).isEqualTo(CALLBACK);
    assertThat(properties.allows(CALLBACK)).isTrue();
    assertThat(properties.allows(CALLBACK + "/")).isFalse();
    assertThat(properties.allows("https://evil.example/")).isFalse();
  }

  @Test
  void failsStartUp_whenTheRedirectUriIsNotOnTheAllowList() {
    assertThatThrownBy(() -> bind(config("https://evil.example/oauth2/callback/google")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("calsync.google.redirect-uri")
        .hasMessageContaining("allowed-redirect-uris");
  }

  @Test
  void failsStartUp_whenTheCalendarScopeIsNotRequested() {
    Map<String, String> config = config(CALLBACK);
    config.put("calsync.google.scopes", "openid,email");

    assertThatThrownBy(() -> bind(config)).rootCause().hasMessageContaining("calendar.events");
  }

  private static Map<String, String> config(String redirectUri) {
    Map<String, String> config = new HashMap<>();
    config.put("calsync.google.client-id", "id");
    config.put("calsync.google.client-secret", "secret");
    config.put("calsync.google.redirect-uri", redirectUri);
    config.put("calsync.google.allowed-redirect-uris", CALLBACK + ",https://calsync.example.com/");
    config.put(
        "calsync.google.scopes", "https://www.googleapis.com/auth/calendar.events,openid,email");
    return config;
  }

  private static GoogleProperties bind(Map<String, String> config) {
    return new Binder(new MapConfigurationPropertySource(config))
        .bindOrCreate("calsync.google", GoogleProperties.class);
  }
}
