-- Google -> CRM (docs/google-to-crm.md).
--
-- base_fields: the synchronised fields (title, description, due date/time, assignee) both sides last
-- agreed on, the base of the three-way merge. It only moves when both sides are known to hold the
-- same values, never when a command is merely sent.
-- task_changed_at: when a CRM user (not CalSync) last changed the task; the task side's time in
-- "most recent change wins", so a change CalSync applied to the task never outranks the Google
-- edit it came from.
-- deleted_by: who ended a DELETED link: TASK (the CRM side deleted or unscheduled the task; a later
-- task change may bring the event back) or EVENT (the event was deleted in Google; the task is
-- unlinked and never pushed again, and the event never becomes a task again).
-- PENDING: a CreateTaskFromEvent was sent and the task (whose id is derived from the event) has
-- not been reported yet.
ALTER TABLE link ADD COLUMN base_fields jsonb;
ALTER TABLE link ADD COLUMN task_changed_at timestamptz;
ALTER TABLE link ADD COLUMN deleted_by varchar(8);
ALTER TABLE link DROP CONSTRAINT link_state_check;
ALTER TABLE link ADD CONSTRAINT link_state_check CHECK (state IN ('ACTIVE', 'PENDING', 'DELETED'));
ALTER TABLE link ADD CONSTRAINT link_deleted_by_check
    CHECK (deleted_by IS NULL OR deleted_by IN ('TASK', 'EVENT'));
CREATE INDEX link_user_event_idx ON link (user_id, event_id);

-- An upsert that carries exactly one task version's fields (a CRM push, not a merge result): once
-- Google applied it, task and event hold the same fields, which become the merge base.
ALTER TABLE calendar_command ADD COLUMN plain_push boolean NOT NULL DEFAULT false;

-- Every task command sent, keyed by its deterministic id: a task event whose causationId is one of
-- them is CalSync's own change coming back (echo suppression without time windows).
CREATE TABLE task_command (
    command_id  varchar(255)  PRIMARY KEY,
    user_id     varchar(255)  NOT NULL,
    task_id     varchar(255),
    event_id    varchar(1024) NOT NULL,
    kind        varchar(32)   NOT NULL,
    body        jsonb         NOT NULL,
    sent_at     timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT task_command_kind_check
        CHECK (kind IN ('CREATE_TASK', 'UPDATE_TASK', 'UNLINK_TASK'))
);
