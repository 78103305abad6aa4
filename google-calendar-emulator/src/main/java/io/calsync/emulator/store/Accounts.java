package io.calsync.emulator.store;

import io.calsync.emulator.config.EmulatorProperties;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** The Google accounts that exist in this emulator (configured ones plus those added later). */
@Component
public class Accounts {

  private final EmulatorProperties properties;
  private final Map<String, Account> byEmail = new ConcurrentHashMap<>();

  Accounts(EmulatorProperties properties) {
    this.properties = properties;
    reset();
  }

  public Account add(String email) {
    Account account = Account.of(email);
    return byEmail.computeIfAbsent(account.email(), e -> account);
  }

  public Optional<Account> find(String email) {
    return email == null
        ? Optional.empty()
        : Optional.ofNullable(byEmail.get(email.trim().toLowerCase(Locale.ROOT)));
  }

  public List<Account> all() {
    Collection<Account> values = byEmail.values();
    return values.stream().sorted(Comparator.comparing(Account::email)).toList();
  }

  public void reset() {
    byEmail.clear();
    properties.accounts().stream().filter(s -> !s.isBlank()).forEach(this::add);
  }
}
