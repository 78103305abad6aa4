-- "Disconnect and erase my data": a tombstone on sync.connection-events erases what CalSync stored
-- about the user here (erasure/CalSyncDataErasure): the calendar link columns of their tasks, their
-- task-command inbox rows and their published outbox rows. The tasks themselves are the CRM's and
-- stay. erased_user remembers the erase pseudonymously (SHA-256 of the user id, never the id), so
-- task commands sent before it are dropped instead of linking tasks again.
CREATE TABLE erased_user (
    user_hash  char(64)     PRIMARY KEY,
    erased_at  timestamptz  NOT NULL
);

CREATE INDEX processed_command_user_idx ON processed_command (user_id);
CREATE INDEX outbox_published_aggregate_idx ON outbox (aggregateid) WHERE published_at IS NOT NULL;
