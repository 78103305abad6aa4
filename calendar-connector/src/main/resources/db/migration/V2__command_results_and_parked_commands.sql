-- The complete result of an executed command (the CommandApplied / CommandFailed body, as
-- sync-contracts writes it), so a redelivered command re-publishes the same result without calling
-- Google again. Only final outcomes are stored: a retryable failure is not, so the same command
-- sent again is executed again.
ALTER TABLE processed_command ADD COLUMN result_body text;

-- Commands of users whose Google grant is lost (token-service answered connection-lost). They wait
-- here, in arrival order, until ConnectionConnected arrives for the user (then they are applied in
-- order) or ConnectionRevoked (then they are dropped: the orchestrator keeps the history). While a
-- user has parked commands, every later command of that user is parked behind them.
CREATE TABLE parked_command (
    sequence      bigserial     PRIMARY KEY,
    command_id    varchar(255)  NOT NULL UNIQUE,
    user_id       varchar(255)  NOT NULL,
    -- ce_type of the command, selecting the body's record class.
    command_type  varchar(255)  NOT NULL,
    body          text          NOT NULL,
    parked_at     timestamptz   NOT NULL DEFAULT now()
);

CREATE INDEX parked_command_user_idx ON parked_command (user_id, sequence);
