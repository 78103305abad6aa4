-- One Google connection per CRM user. The refresh token is stored only encrypted (AES-GCM); the
-- key id names the key version, so keys can be rotated without re-encrypting every row at once.
CREATE TABLE google_connection (
    user_id                  varchar(255) PRIMARY KEY,
    google_email             varchar(320),
    status                   varchar(16)  NOT NULL,
    encrypted_refresh_token  bytea,
    refresh_token_key_id     varchar(64),
    scopes                   text         NOT NULL DEFAULT '',
    -- Why Google stopped honouring the refresh token (e.g. invalid_grant), shown to the user.
    lost_reason              varchar(255),
    connected_at             timestamptz,
    -- Reported by the orchestrator later; null until a sync run has been recorded.
    last_synced_at           timestamptz,
    status_changed_at        timestamptz  NOT NULL DEFAULT now(),
    created_at               timestamptz  NOT NULL DEFAULT now(),
    updated_at               timestamptz  NOT NULL DEFAULT now(),
    version                  bigint       NOT NULL DEFAULT 0,
    CONSTRAINT google_connection_status_check
        CHECK (status IN ('CONNECTED', 'REVOKED', 'LOST', 'DISCONNECTED')),
    CONSTRAINT google_connection_token_key_check
        CHECK ((encrypted_refresh_token IS NULL) = (refresh_token_key_id IS NULL))
);

-- The OAuth "state" of a connect attempt: a single-use nonce bound to the user, with the PKCE
-- verifier, the redirect URI it was issued for and the allow-listed page the browser returns to.
-- browser_binding is the SHA-256 of a cookie set in the browser that started the attempt, so a
-- callback completed in another browser is refused. consumed_at makes reuse detectable.
CREATE TABLE oauth_state (
    nonce          varchar(128) PRIMARY KEY,
    user_id        varchar(255) NOT NULL,
    code_verifier  varchar(128) NOT NULL,
    redirect_uri   text         NOT NULL,
    return_url     text         NOT NULL,
    browser_binding varchar(64) NOT NULL,
    created_at     timestamptz  NOT NULL DEFAULT now(),
    expires_at     timestamptz  NOT NULL,
    consumed_at    timestamptz
);

CREATE INDEX oauth_state_expires_at_idx ON oauth_state (expires_at);

-- A user's sync preferences from the settings page (contract record SyncSettings); every change
-- is published as a SyncSettingsChanged connection event.
CREATE TABLE sync_settings (
    user_id                         varchar(255) PRIMARY KEY,
    sync_mode                       varchar(16)  NOT NULL DEFAULT 'TWO_WAY',
    completed_task_policy           varchar(16)  NOT NULL DEFAULT 'MARK_EVENT',
    date_only_task_policy           varchar(16)  NOT NULL DEFAULT 'SKIP',
    default_event_duration_minutes  integer      NOT NULL DEFAULT 30,
    -- Null: the Google calendar's own time zone.
    time_zone                       varchar(64),
    send_updates                    varchar(16)  NOT NULL DEFAULT 'NONE',
    updated_at                      timestamptz  NOT NULL DEFAULT now(),
    version                         bigint       NOT NULL DEFAULT 0,
    CONSTRAINT sync_settings_mode_check
        CHECK (sync_mode IN ('TWO_WAY', 'CRM_TO_GOOGLE', 'GOOGLE_TO_CRM', 'PAUSED')),
    CONSTRAINT sync_settings_completed_policy_check
        CHECK (completed_task_policy IN ('MARK_EVENT', 'DELETE_EVENT')),
    CONSTRAINT sync_settings_date_only_policy_check
        CHECK (date_only_task_policy IN ('SKIP', 'ALL_DAY_EVENT')),
    CONSTRAINT sync_settings_duration_check
        CHECK (default_event_duration_minutes >= 1),
    CONSTRAINT sync_settings_send_updates_check
        CHECK (send_updates IN ('NONE', 'ALL', 'EXTERNAL_ONLY'))
);

-- Transactional outbox (Debezium-compatible columns): connection events are written here in the
-- same transaction as the change they describe and relayed to sync.connection-events in sequence
-- order. id becomes the record's ce_id, so a row relayed twice is recognisable downstream.
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
