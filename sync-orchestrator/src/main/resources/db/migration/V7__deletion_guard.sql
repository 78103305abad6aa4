-- The mass-deletion guard (docs/google-to-crm.md, "Mass-deletion guard"): every deletion the
-- orchestrator would carry out (a DeleteEvent for a task deleted or unscheduled in the CRM, an
-- UnlinkTaskFromEvent for an event deleted in Google) is first recorded here instead of being sent.
-- PENDING: waiting for the user's burst to settle; HELD: part of a burst above the thresholds,
-- waiting for the user's decision; APPLIED: sent through the normal path; KEPT: the user chose to
-- keep both sides; DROPPED: its link was gone by the time it was to be applied (nothing sent).
CREATE TABLE held_deletion (
    id             uuid          PRIMARY KEY,
    user_id        varchar(255)  NOT NULL,
    -- CRM_TO_GOOGLE: the task side asked to delete the event; GOOGLE_TO_CRM: the event is gone.
    direction      varchar(16)   NOT NULL,
    task_id        varchar(255)  NOT NULL,
    event_id       varchar(1024) NOT NULL,
    -- The command to send (contract JSON): DeleteEvent or UnlinkTaskFromEvent.
    command        jsonb         NOT NULL,
    -- What caused it (contract JSON): the task snapshot, or the cancelled EventChanged.
    snapshot       jsonb         NOT NULL,
    snapshot_kind  varchar(16)   NOT NULL,
    -- The decision's reason code, as the normal path records it in the history.
    reason_code    varchar(64)   NOT NULL,
    -- ce_id of the message that caused the deletion (the history's causation).
    causation_id   varchar(255)  NOT NULL,
    state          varchar(16)   NOT NULL,
    created_at     timestamptz   NOT NULL DEFAULT clock_timestamp(),
    held_at        timestamptz,
    decided_at     timestamptz,
    CONSTRAINT held_deletion_direction_check CHECK (direction IN ('CRM_TO_GOOGLE', 'GOOGLE_TO_CRM')),
    CONSTRAINT held_deletion_snapshot_kind_check
        CHECK (snapshot_kind IN ('TASK', 'TASK_DELETED', 'EVENT')),
    CONSTRAINT held_deletion_state_check
        CHECK (state IN ('PENDING', 'HELD', 'APPLIED', 'KEPT', 'DROPPED'))
);

-- At most one open deletion per link: a redelivery or a re-listing adds no second one.
CREATE UNIQUE INDEX held_deletion_open_uk ON held_deletion (user_id, task_id)
    WHERE state IN ('PENDING', 'HELD');

CREATE INDEX held_deletion_user_state_idx ON held_deletion (user_id, state, created_at);
