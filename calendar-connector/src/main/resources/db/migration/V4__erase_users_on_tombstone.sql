-- "Disconnect and erase my data": a tombstone on sync.connection-events deletes every row of the
-- user (erasure/UserErasure). erased_user remembers the erase pseudonymously (SHA-256 of the user
-- id, never the id): commands produced before it are dropped, and a poll that was under way when
-- the user was erased does not store a sync token or a push channel for them again.
CREATE TABLE erased_user (
    user_hash  char(64)     PRIMARY KEY,
    erased_at  timestamptz  NOT NULL
);

CREATE INDEX push_channel_user_idx ON push_channel (user_id);
CREATE INDEX processed_command_user_idx ON processed_command (user_id);
