-- CRM tasks. version grows by one with every change and travels with every task event, so the
-- orchestrator can drop stale and duplicate events. Deleted tasks stay as tombstones (deleted_at)
-- so that a late command cannot resurrect them.
CREATE TABLE task (
    id              uuid          PRIMARY KEY,
    owner_user_id   varchar(255)  NOT NULL,
    title           varchar(1024) NOT NULL,
    description     text,
    due_date        date,
    due_time        time,
    -- IANA zone of due_date/due_time (the owner's zone when the task was written).
    time_zone       varchar(64)   NOT NULL,
    assignee_email  varchar(320),
    status          varchar(16)   NOT NULL DEFAULT 'OPEN',
    version         bigint        NOT NULL DEFAULT 1,
    created_at      timestamptz   NOT NULL DEFAULT now(),
    updated_at      timestamptz   NOT NULL DEFAULT now(),
    deleted_at      timestamptz,
    CONSTRAINT task_status_check CHECK (status IN ('OPEN', 'COMPLETED')),
    CONSTRAINT task_due_time_needs_date CHECK (due_time IS NULL OR due_date IS NOT NULL),
    CONSTRAINT task_version_check CHECK (version >= 1)
);

CREATE INDEX task_owner_idx ON task (owner_user_id, due_date) WHERE deleted_at IS NULL;

-- Transactional outbox, written in the same transaction as the task change. The columns follow
-- Debezium's outbox event router (id, aggregatetype, aggregateid, type, payload), so a CDC relay
-- can replace the polling relay without a migration:
--   id            ce_id of the published record
--   aggregatetype the topic (crm.task-events)
--   aggregateid   the Kafka key: the owner's user id, which keeps a user's events co-partitioned
--   type          the ce_type, e.g. io.calsync.task.updated.v1
--   payload       the JSON body
-- sequence is the relay's publishing order. It may have gaps and concurrent transactions may commit
-- out of order, but two changes of one task are serialised by the task row's lock, so per-task
-- order holds. published_at marks relayed rows.
CREATE TABLE outbox (
    id             uuid          PRIMARY KEY,
    sequence       bigint        GENERATED ALWAYS AS IDENTITY UNIQUE,
    aggregatetype  varchar(255)  NOT NULL,
    aggregateid    varchar(255)  NOT NULL,
    type           varchar(255)  NOT NULL,
    payload        jsonb         NOT NULL,
    created_at     timestamptz   NOT NULL DEFAULT now(),
    published_at   timestamptz
);

CREATE INDEX outbox_unpublished_idx ON outbox (sequence) WHERE published_at IS NULL;

-- Inbox of applied task commands: recorded in the same transaction as the command's effect, so a
-- redelivered command is recognised and has no second effect.
CREATE TABLE processed_command (
    command_id    varchar(255)  PRIMARY KEY,
    user_id       varchar(255)  NOT NULL,
    task_id       uuid,
    processed_at  timestamptz   NOT NULL DEFAULT now()
);
