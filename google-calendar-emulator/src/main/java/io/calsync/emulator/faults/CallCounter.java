package io.calsync.emulator.faults;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.stereotype.Component;

/**
 * Counts calls per endpoint, in total and per account, including calls that were answered with an
 * error.
 */
@Component
public class CallCounter {

  public static final String TOTAL = "total";

  private final Map<String, Map<String, LongAdder>> counts = new ConcurrentHashMap<>();

  void record(String endpoint, String account) {
    Map<String, LongAdder> perAccount =
        counts.computeIfAbsent(endpoint, e -> new ConcurrentHashMap<>());
    perAccount.computeIfAbsent(TOTAL, a -> new LongAdder()).increment();
    if (account != null) {
      perAccount.computeIfAbsent(account, a -> new LongAdder()).increment();
    }
  }

  public long count(String endpoint) {
    return count(endpoint, TOTAL);
  }

  public long count(String endpoint, String account) {
    LongAdder adder =
        counts
            .getOrDefault(endpoint, Map.of())
            .get(account == null ? TOTAL : account.toLowerCase());
    return adder == null ? 0 : adder.sum();
  }

  /** endpoint → (account or {@value #TOTAL}) → count, sorted. */
  public Map<String, Map<String, Long>> snapshot() {
    Map<String, Map<String, Long>> snapshot = new TreeMap<>();
    counts.forEach(
        (endpoint, perAccount) -> {
          Map<String, Long> values = new TreeMap<>();
          perAccount.forEach((account, adder) -> values.put(account, adder.sum()));
          snapshot.put(endpoint, values);
        });
    return snapshot;
  }

  public void reset() {
    counts.clear();
  }
}
