package io.calsync.platform.messaging;

import java.util.List;
import java.util.stream.Stream;

/**
 * The contract topics a service touches, as a bean. The starter declares each of them and its
 * dead-letter topic with the shape the contract gives it ({@code TopicSpec.declarations}).
 *
 * @param produced topics the service writes to
 * @param consumed topics the service listens to (its recoverer writes their dead-letter topics)
 */
public record ServiceTopics(List<String> produced, List<String> consumed) {

  public ServiceTopics {
    produced = List.copyOf(produced);
    consumed = List.copyOf(consumed);
  }

  /** Produced first, then consumed, without duplicates. */
  public List<String> all() {
    return Stream.concat(produced.stream(), consumed.stream()).distinct().toList();
  }
}
