package io.calsync.archfixture.connector.google;

import io.calsync.testsupport.FreePorts;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** A mapper that is not pure, listens to Kafka outside the listener packages, uses test-support. */
@Component
class EventMapper {

  @KafkaListener(topics = "fixture")
  Mono<String> map(String event) {
    return Mono.just(event + FreePorts.class.getSimpleName());
  }
}
