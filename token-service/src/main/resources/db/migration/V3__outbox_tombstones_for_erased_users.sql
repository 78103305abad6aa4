-- "Disconnect and erase my data" publishes a tombstone (null value, key = user id) on the compacted
-- sync.connection-events through this outbox: Debezium's convention for it is a row with a null
-- payload. Its type is 'tombstone' (not a ce_type); the relay deletes the row once it is published.
ALTER TABLE outbox ALTER COLUMN payload DROP NOT NULL;

CREATE INDEX oauth_state_user_idx ON oauth_state (user_id);
CREATE INDEX outbox_aggregate_idx ON outbox (aggregateid);
