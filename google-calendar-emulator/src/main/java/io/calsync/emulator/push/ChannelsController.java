package io.calsync.emulator.push;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calsync.emulator.oauth.AccessGrant;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/** {@code channels.stop}. */
@RestController
class ChannelsController {

  private final PushChannels channels;

  ChannelsController(PushChannels channels) {
    this.channels = channels;
  }

  @PostMapping("/calendar/v3/channels/stop")
  ResponseEntity<Void> stop(ServerWebExchange exchange, @RequestBody ObjectNode body) {
    AccessGrant grant = exchange.getRequiredAttribute(AccessGrant.ATTRIBUTE);
    channels.stop(
        body.path("id").asText(null), body.path("resourceId").asText(null), grant.account());
    return ResponseEntity.noContent().build();
  }
}
