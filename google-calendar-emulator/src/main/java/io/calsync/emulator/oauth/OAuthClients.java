package io.calsync.emulator.oauth;

import io.calsync.emulator.config.EmulatorProperties;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** The OAuth clients registered with this "Google Cloud project". */
@Component
public class OAuthClients {

  private final EmulatorProperties properties;
  private final Map<String, OAuthClient> byId = new ConcurrentHashMap<>();

  OAuthClients(EmulatorProperties properties) {
    this.properties = properties;
    reset();
  }

  public OAuthClient register(OAuthClient client) {
    byId.put(client.clientId(), client);
    return client;
  }

  public Optional<OAuthClient> find(String clientId) {
    return clientId == null ? Optional.empty() : Optional.ofNullable(byId.get(clientId));
  }

  public List<OAuthClient> all() {
    return byId.values().stream().sorted(Comparator.comparing(OAuthClient::clientId)).toList();
  }

  public void reset() {
    byId.clear();
    properties
        .clients()
        .forEach(c -> register(new OAuthClient(c.clientId(), c.clientSecret(), c.redirectUris())));
  }
}
