-- Two policies added to the contract's SyncSettings (sync-contracts 1dd48ce): what deleting a task
-- does to an event that was created in Google, and which invitations become tasks. Existing rows
-- take the contract's defaults.
ALTER TABLE sync_settings
    ADD COLUMN google_event_deletion_policy varchar(16) NOT NULL DEFAULT 'KEEP_EVENT',
    ADD COLUMN invitation_policy            varchar(16) NOT NULL DEFAULT 'ACCEPTED_ONLY',
    ADD CONSTRAINT sync_settings_google_event_deletion_policy_check
        CHECK (google_event_deletion_policy IN ('KEEP_EVENT', 'DELETE_EVENT')),
    ADD CONSTRAINT sync_settings_invitation_policy_check
        CHECK (invitation_policy IN ('ACCEPTED_ONLY', 'ALL'));
