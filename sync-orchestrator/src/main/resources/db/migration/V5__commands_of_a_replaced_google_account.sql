-- calendar_command.superseded: the command was sent to a Google account the user has since
-- replaced by another one (a ConnectionConnected with a different address; docs/crm-to-google.md,
-- "Reconnecting with another Google account"). The links to that account's calendar are closed, so
-- the command no longer holds its task back (it is not "in flight" for the new account) and its
-- result, whenever it arrives, is recorded but changes no link.
ALTER TABLE calendar_command ADD COLUMN superseded boolean NOT NULL DEFAULT false;
