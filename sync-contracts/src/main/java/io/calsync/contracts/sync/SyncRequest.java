package io.calsync.contracts.sync;

import io.calsync.contracts.ContractMessage;
import java.time.Instant;

/** A request to synchronise one user now, on {@code sync.requests}. */
public sealed interface SyncRequest extends ContractMessage
    permits SyncNowRequested, FullResyncRequested {

  /** Unique id of the request; consumers handle each id once. */
  String requestId();

  /** Who asked: the CRM user id, or {@code admin:<name>} for an administrator. */
  String requestedBy();

  Instant requestedAt();
}
