-- "Disconnect and erase my data": a tombstone on sync.connection-events deletes every row of the
-- user (see erasure/UserErasure). processed_message gets the user id of the record it names, so
-- the inbox rows of an erased user can be deleted too; rows written before V6 have none and expire
-- with the inbox (they hold only a message id and a topic).
ALTER TABLE processed_message ADD COLUMN user_id varchar(255);
CREATE INDEX processed_message_user_idx ON processed_message (user_id) WHERE user_id IS NOT NULL;

CREATE INDEX task_state_user_idx ON task_state (user_id);
CREATE INDEX calendar_command_user_idx ON calendar_command (user_id);
CREATE INDEX task_command_user_idx ON task_command (user_id);

-- The users erased, pseudonymously: SHA-256 of the user id (never the id itself) and when the
-- erase happened. Records about the user produced before that time are dropped, and event changes
-- and command results until the user connects again (erasure/ErasureRule).
CREATE TABLE erased_user (
    user_hash  char(64)     PRIMARY KEY,
    erased_at  timestamptz  NOT NULL
);
