package io.calsync.token.messaging;

import io.calsync.contracts.ContractMessage;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes contract records keyed by their user id and completes when the broker acknowledged
 * ({@code acks=all}). The send runs on {@code boundedElastic} because the producer may block while
 * it fetches metadata.
 */
@Component
public class ContractPublisher {

  private final KafkaTemplate<String, Object> kafka;

  ContractPublisher(KafkaTemplate<String, Object> kafka) {
    this.kafka = kafka;
  }

  public Mono<Void> publish(String topic, ContractMessage message) {
    return Mono.fromFuture(() -> kafka.send(topic, message.userId(), message))
        .subscribeOn(Schedulers.boundedElastic())
        .then();
  }
}
