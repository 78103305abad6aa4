-- The calendar event a task was created from or is synchronised with, as task commands from the
-- orchestrator report it (the orchestrator's links stay the source of truth). unlinked_reason tells
-- users why a task lost its event, e.g. EVENT_DELETED when the event was deleted in Google.
ALTER TABLE task
    ADD COLUMN calendar_id      varchar(1024),
    ADD COLUMN event_id         varchar(1024),
    ADD COLUMN unlinked_reason  varchar(64);

-- CreateTaskFromEvent looks up the task of (owner, calendar, event): at most one per event.
CREATE INDEX task_calendar_event_idx ON task (owner_user_id, calendar_id, event_id)
    WHERE event_id IS NOT NULL;
