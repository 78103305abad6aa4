-- A task version counts as in Google only once the connector reported it applied
-- (docs/crm-to-google.md, "Sent is not delivered").
--
-- link.task_version keeps its meaning: the task version last *sent* (or agreed on by a merge).
-- link.applied_task_version: the task version Google is known to hold, moved only by a
-- CommandApplied of a command that carried it (or a merge that found both sides equal). The
-- catch-up after a (re)connect pushes every task whose latest version is newer than this, so a
-- command the connector refused (not connected, retryable failure) is sent again.
-- Links from before this migration are taken as delivered, as they were treated until now.
ALTER TABLE link ADD COLUMN applied_task_version bigint;
UPDATE link SET applied_task_version = task_version;

-- calendar_command.task_version: the task version whose fields the command carries (null when it
-- carries a merge of both sides that the task does not hold yet).
-- calendar_command.sequence: the order commands were sent in. It tells whether a failed command is
-- still the link's latest one, and whether it was sent before the user's latest catch-up.
ALTER TABLE calendar_command ADD COLUMN task_version bigint;
ALTER TABLE calendar_command ADD COLUMN sequence bigserial NOT NULL;
ALTER TABLE calendar_command ADD CONSTRAINT calendar_command_sequence_uk UNIQUE (sequence);
CREATE INDEX calendar_command_in_flight_idx ON calendar_command (user_id, task_id)
    WHERE outcome IS NULL;

-- user_settings.catch_up_sequence: a value of calendar_command's sequence drawn when the user's
-- latest catch-up (connect, reconnect, switch to a mode that writes to Google) started. A command
-- with a lower sequence was sent before it: if the connector refuses it afterwards, the catch-up
-- has passed it over (it was in flight) and it is sent again at once.
ALTER TABLE user_settings ADD COLUMN catch_up_sequence bigint;
