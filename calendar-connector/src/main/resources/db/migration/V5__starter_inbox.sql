-- The command inbox moves to service-starter's Inbox: processed_message, keyed by command id,
-- with the final result (its ce_type and contract JSON) a redelivered command is answered with.
-- The results stored so far come along, so a command redelivered across the upgrade is still
-- answered without calling Google again. Rows without a stored result (written before V2) get
-- none: such a command, if it ever came again, runs again against its etag precondition.
CREATE TABLE processed_message (
    message_id    varchar(255)  PRIMARY KEY,
    topic         varchar(255)  NOT NULL,
    user_id       varchar(255),
    processed_at  timestamptz   NOT NULL DEFAULT now(),
    result_type   varchar(255),
    result        jsonb
);

INSERT INTO processed_message (message_id, topic, user_id, processed_at, result_type, result)
SELECT command_id,
       'calendar.commands',
       user_id,
       processed_at,
       CASE WHEN result_body IS NULL THEN NULL
            WHEN outcome = 'APPLIED' THEN 'io.calsync.calendar.command-applied.v1'
            ELSE 'io.calsync.calendar.command-failed.v1' END,
       result_body::jsonb
  FROM processed_command;

DROP TABLE processed_command;

CREATE INDEX processed_message_user_idx ON processed_message (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX processed_message_processed_at_idx ON processed_message (processed_at);
