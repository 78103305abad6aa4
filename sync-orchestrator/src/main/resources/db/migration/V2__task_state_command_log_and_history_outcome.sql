-- The Google account of a connection: its address is the id of the user's primary calendar
-- (the calendar CalSync writes to) and tells whether a task's assignee is the owner.
ALTER TABLE user_settings ADD COLUMN google_account_email varchar(320);

-- The latest snapshot of every task seen on crm.task-events, linked or not. Its version is the
-- "last seen" of the version check, and the snapshot lets a (re)connect or a switch to a mode that
-- writes to Google push the tasks that are not in sync yet without asking the CRM again.
CREATE TABLE task_state (
    user_id      varchar(255)  NOT NULL,
    task_id      varchar(255)  NOT NULL,
    version      bigint        NOT NULL,
    deleted      boolean       NOT NULL,
    -- The task event body in the contract's JSON shape.
    snapshot     jsonb         NOT NULL,
    received_at  timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, task_id)
);

-- Every calendar command sent, keyed by its deterministic id: the body lets a CommandApplied turn
-- into the event snapshot of the link, and the outcome keeps conflicts (412) for the merge work.
CREATE TABLE calendar_command (
    command_id     varchar(255)  PRIMARY KEY,
    user_id        varchar(255)  NOT NULL,
    task_id        varchar(255)  NOT NULL,
    calendar_id    varchar(1024) NOT NULL,
    event_id       varchar(1024) NOT NULL,
    kind           varchar(16)   NOT NULL,
    body           jsonb         NOT NULL,
    sent_at        timestamptz   NOT NULL DEFAULT now(),
    outcome        varchar(16),
    outcome_reason text,
    outcome_at     timestamptz,
    CONSTRAINT calendar_command_kind_check CHECK (kind IN ('UPSERT_EVENT', 'DELETE_EVENT')),
    CONSTRAINT calendar_command_outcome_check
        CHECK (outcome IS NULL OR outcome IN ('APPLIED', 'FAILED', 'CONFLICT'))
);

CREATE INDEX calendar_command_conflict_idx ON calendar_command (user_id, task_id)
    WHERE outcome = 'CONFLICT';

-- The outcome of each decision, and a sequence that orders entries written in one transaction
-- (they share now()) and serves as the paging cursor of the history API.
ALTER TABLE sync_history ADD COLUMN outcome varchar(32) NOT NULL DEFAULT 'SKIPPED';
ALTER TABLE sync_history ALTER COLUMN outcome DROP DEFAULT;
ALTER TABLE sync_history ADD COLUMN sequence bigserial NOT NULL;
ALTER TABLE sync_history ADD CONSTRAINT sync_history_sequence_uk UNIQUE (sequence);
CREATE INDEX sync_history_user_sequence_idx ON sync_history (user_id, sequence DESC);
