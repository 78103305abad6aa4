-- Incremental-sync position per user and calendar. sync_token is Google's nextSyncToken; it is
-- dropped (set to null) when Google answers 410 fullSyncRequired, which makes the next run a full
-- sync. Only the last page of a sync carries a new token, so it is written once a run completes.
CREATE TABLE calendar_sync_state (
    user_id                   varchar(255)  NOT NULL,
    calendar_id               varchar(1024) NOT NULL,
    sync_token                text,
    last_full_sync_at         timestamptz,
    last_incremental_sync_at  timestamptz,
    -- Set while a connection is revoked or lost: polling and push handling skip the calendar.
    paused                    boolean       NOT NULL DEFAULT false,
    created_at                timestamptz   NOT NULL DEFAULT now(),
    updated_at                timestamptz   NOT NULL DEFAULT now(),
    version                   bigint        NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, calendar_id)
);

-- Push-notification channels opened with events.watch. Google echoes channel_id, resource_id and
-- the channel token in X-Goog-* headers; the webhook accepts a notification only when all match.
-- Channels expire and are renewed before expires_at.
CREATE TABLE push_channel (
    channel_id     uuid          PRIMARY KEY,
    user_id        varchar(255)  NOT NULL,
    calendar_id    varchar(1024) NOT NULL,
    resource_id    varchar(255)  NOT NULL,
    channel_token  varchar(255)  NOT NULL,
    expires_at     timestamptz   NOT NULL,
    created_at     timestamptz   NOT NULL DEFAULT now(),
    stopped_at     timestamptz
);

CREATE INDEX push_channel_user_calendar_idx ON push_channel (user_id, calendar_id);
CREATE INDEX push_channel_expiry_idx ON push_channel (expires_at) WHERE stopped_at IS NULL;

-- Inbox of executed calendar commands, recorded in the same transaction as the command's outcome:
-- a redelivered command is answered with the stored result instead of calling Google again.
CREATE TABLE processed_command (
    command_id    varchar(255)  PRIMARY KEY,
    user_id       varchar(255)  NOT NULL,
    event_id      varchar(1024),
    outcome       varchar(16)   NOT NULL,
    result_etag   varchar(255),
    processed_at  timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT processed_command_outcome_check CHECK (outcome IN ('APPLIED', 'FAILED'))
);
