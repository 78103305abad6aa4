package io.calsync.archfixture.token.crypto;

import io.calsync.testsupport.FreePorts;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Not pure, a Kafka listener where none belongs, and a user of test-support. */
@Component
class TokenCipher {

  @KafkaListener(topics = "fixture")
  Mono<String> apply(String value) {
    return Mono.just(value + FreePorts.class.getSimpleName());
  }
}
