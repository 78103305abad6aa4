-- The task <-> event links and their merge base: the last synced snapshot of both sides (in the
-- contract's JSON shape), the task version and event etag last seen or pushed (echo suppression),
-- and the change times that decide conflicts. Both natural keys are unique, which is what makes
-- duplicate links (and so duplicate events or tasks) impossible.
CREATE TABLE link (
    id               uuid          PRIMARY KEY,
    user_id          varchar(255)  NOT NULL,
    task_id          varchar(255)  NOT NULL,
    calendar_id      varchar(1024) NOT NULL,
    event_id         varchar(1024) NOT NULL,
    task_snapshot    jsonb,
    event_snapshot   jsonb,
    task_version     bigint,
    event_etag       varchar(255),
    task_updated_at  timestamptz,
    event_updated    timestamptz,
    -- ACTIVE while both sides exist; DELETED keeps the row as a tombstone so a late or replayed
    -- change cannot recreate what the user deleted.
    state            varchar(16)   NOT NULL DEFAULT 'ACTIVE',
    created_at       timestamptz   NOT NULL DEFAULT now(),
    updated_at       timestamptz   NOT NULL DEFAULT now(),
    -- Optimistic lock of the row itself (not the task's version).
    row_version      bigint        NOT NULL DEFAULT 0,
    CONSTRAINT link_task_uk UNIQUE (user_id, task_id),
    CONSTRAINT link_event_uk UNIQUE (user_id, calendar_id, event_id),
    CONSTRAINT link_state_check CHECK (state IN ('ACTIVE', 'DELETED'))
);

-- Local copy of each user's connection status and sync settings, kept from sync.connection-events.
CREATE TABLE user_settings (
    user_id                         varchar(255) PRIMARY KEY,
    connection_status               varchar(16)  NOT NULL,
    sync_mode                       varchar(16)  NOT NULL DEFAULT 'TWO_WAY',
    completed_task_policy           varchar(16)  NOT NULL DEFAULT 'MARK_EVENT',
    date_only_task_policy           varchar(16)  NOT NULL DEFAULT 'SKIP',
    default_event_duration_minutes  integer      NOT NULL DEFAULT 30,
    time_zone                       varchar(64),
    send_updates                    varchar(16)  NOT NULL DEFAULT 'NONE',
    updated_at                      timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT user_settings_connection_check
        CHECK (connection_status IN ('CONNECTED', 'REVOKED', 'LOST', 'DISCONNECTED')),
    CONSTRAINT user_settings_mode_check
        CHECK (sync_mode IN ('TWO_WAY', 'CRM_TO_GOOGLE', 'GOOGLE_TO_CRM', 'PAUSED'))
);

-- What sync did for a user, for the history page: creations, updates, deletions, conflicts
-- resolved (with the overridden value) and anything skipped, always with a reason.
CREATE TABLE sync_history (
    id            uuid          PRIMARY KEY,
    user_id       varchar(255)  NOT NULL,
    occurred_at   timestamptz   NOT NULL DEFAULT now(),
    direction     varchar(16)   NOT NULL,
    action        varchar(32)   NOT NULL,
    task_id       varchar(255),
    event_id      varchar(1024),
    reason        text,
    detail        jsonb,
    causation_id  varchar(255),
    CONSTRAINT sync_history_direction_check
        CHECK (direction IN ('CRM_TO_GOOGLE', 'GOOGLE_TO_CRM'))
);

CREATE INDEX sync_history_user_time_idx ON sync_history (user_id, occurred_at DESC);

-- Inbox: the ce_id of every consumed record whose effect is committed, written in the same
-- transaction as that effect, so a redelivery has no second effect.
CREATE TABLE processed_message (
    message_id    varchar(255)  PRIMARY KEY,
    topic         varchar(255)  NOT NULL,
    processed_at  timestamptz   NOT NULL DEFAULT now()
);
