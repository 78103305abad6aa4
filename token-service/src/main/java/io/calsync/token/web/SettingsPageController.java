package io.calsync.token.web;

import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the static settings page ({@code /}) needs to know before the user signs in. */
@RestController
@EnableConfigurationProperties(SettingsPageProperties.class)
class SettingsPageController {

  private final SettingsPageProperties properties;
  private final boolean devSignIn;

  SettingsPageController(
      SettingsPageProperties properties,
      @Value("${calsync.dev.sign-in.enabled:false}") boolean devSignIn) {
    this.properties = properties;
    this.devSignIn = devSignIn;
  }

  /**
   * @param embedderOrigins whose {@code postMessage} with the user's token the page believes
   */
  record PageConfig(boolean devSignIn, String historyUrl, List<String> embedderOrigins) {}

  @GetMapping("/settings-page/config")
  PageConfig config() {
    return new PageConfig(devSignIn, properties.historyUrl(), properties.embedderOrigins());
  }
}
