package io.calsync.archfixture.orchestrator;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** A "decider" that is not pure and listens to Kafka outside {@code intake}. */
@Component
class EventChangeDecider {

  @KafkaListener(topics = "fixture")
  Mono<String> decide(String change) {
    return Mono.just(change);
  }
}
