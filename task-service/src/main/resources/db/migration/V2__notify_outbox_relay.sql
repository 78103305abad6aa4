-- Wakes the outbox relay when outbox rows commit: NOTIFY is delivered at commit (never for a
-- rolled-back transaction) and PostgreSQL folds identical notifications of one transaction into
-- one. A trigger rather than application code, so every writer of the outbox wakes the relay.
-- The relay also polls, so a lost notification only delays a row.
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox_inserted', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER outbox_inserted
    AFTER INSERT ON outbox
    FOR EACH STATEMENT
    EXECUTE FUNCTION outbox_notify();

-- Keyset pagination of a user's tasks in creation order.
CREATE INDEX task_owner_created_idx ON task (owner_user_id, created_at, id) WHERE deleted_at IS NULL;
