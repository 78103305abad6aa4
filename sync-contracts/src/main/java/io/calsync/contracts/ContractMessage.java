package io.calsync.contracts;

/**
 * Body of a CalSync event or command. Every message belongs to one CRM user, whose id is also the
 * Kafka record key, so that all of a user's messages are co-partitioned.
 */
public interface ContractMessage {

  /** The CRM user id of the task owner / the connection; the Kafka record key. */
  String userId();
}
