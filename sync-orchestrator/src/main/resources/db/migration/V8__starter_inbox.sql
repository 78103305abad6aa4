-- processed_message is now service-starter's Inbox, whose table every service shares the shape of:
-- the two result columns (used only by a consumer that answers redeliveries with a stored result)
-- and the index the retention cleanup deletes by. Rows written before V6 have no user id; they
-- expire with the retention like every other row.
ALTER TABLE processed_message ADD COLUMN result_type varchar(255);
ALTER TABLE processed_message ADD COLUMN result jsonb;
CREATE INDEX processed_message_processed_at_idx ON processed_message (processed_at);
