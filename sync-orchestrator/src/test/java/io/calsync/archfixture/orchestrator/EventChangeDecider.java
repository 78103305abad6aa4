package io.calsync.archfixture.orchestrator;

import io.calsync.testsupport.FreePorts;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** A "decider" that is not pure, listens to Kafka outside {@code intake}, uses test-support. */
@Component
class EventChangeDecider {

  @KafkaListener(topics = "fixture")
  Mono<String> decide(String change) {
    return Mono.just(change + FreePorts.class.getSimpleName());
  }
}
