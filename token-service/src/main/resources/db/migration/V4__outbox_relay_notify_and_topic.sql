-- token-service's outbox moves to service-starter's relay (the one task-service has used since V2
-- of its own schema): it is woken by NOTIFY on commit, and polls as the fallback. A trigger rather
-- than application code, so every writer of the outbox wakes the relay; PostgreSQL folds identical
-- notifications of one transaction into one and never sends one for a rolled-back transaction.
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

-- The starter's relay takes the topic from aggregatetype (task-service's convention); this
-- service's rows said "connection". Rows still waiting at the upgrade go to the same topic as
-- before.
UPDATE outbox SET aggregatetype = 'sync.connection-events' WHERE aggregatetype = 'connection';
