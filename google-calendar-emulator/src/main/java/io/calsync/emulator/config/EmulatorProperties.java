package io.calsync.emulator.config;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Start-up configuration: the OAuth clients and Google accounts that exist after start and after
 * every reset, and the token/channel lifetimes.
 */
@ConfigurationProperties("emulator")
public record EmulatorProperties(
    String publicBaseUrl,
    @DefaultValue("3599s") Duration accessTokenTtl,
    @DefaultValue("10m") Duration authorizationCodeTtl,
    @DefaultValue("UTC") String timeZone,
    @DefaultValue("7d") Duration channelDefaultTtl,
    @DefaultValue("30d") Duration channelMaxTtl,
    List<String> accounts,
    List<Client> clients) {

  public EmulatorProperties {
    accounts = accounts == null ? List.of() : List.copyOf(accounts);
    clients = clients == null ? List.of() : List.copyOf(clients);
  }

  /** An OAuth client as registered in Google Cloud Console. */
  public record Client(String clientId, String clientSecret, List<String> redirectUris) {
    public Client {
      redirectUris = redirectUris == null ? List.of() : List.copyOf(redirectUris);
    }
  }
}
