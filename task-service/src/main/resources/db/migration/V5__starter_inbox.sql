-- The task-command inbox moves to service-starter's Inbox, whose table every service shares the
-- shape of: processed_message, keyed by the message's idempotency id (here the command id). The
-- rows applied so far come along, so a command redelivered across the upgrade is still recognised.
-- task_id is not kept: nothing read it. result_type/result stay empty: a task command's effect is
-- a database change, not a result to answer redeliveries with.
CREATE TABLE processed_message (
    message_id    varchar(255)  PRIMARY KEY,
    topic         varchar(255)  NOT NULL,
    user_id       varchar(255),
    processed_at  timestamptz   NOT NULL DEFAULT now(),
    result_type   varchar(255),
    result        jsonb
);

INSERT INTO processed_message (message_id, topic, user_id, processed_at)
SELECT command_id, 'crm.task-commands', user_id, processed_at FROM processed_command;

DROP TABLE processed_command;

-- Erasing a user deletes their rows; the cleanup deletes rows past the retention.
CREATE INDEX processed_message_user_idx ON processed_message (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX processed_message_processed_at_idx ON processed_message (processed_at);
