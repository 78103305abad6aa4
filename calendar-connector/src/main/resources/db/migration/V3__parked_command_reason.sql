-- Why a command is parked. CONNECTION_LOST: token-service answered connection-lost; the commands
-- wait for ConnectionConnected (applied in order) or ConnectionRevoked (dropped). OUTAGE: Google or
-- token-service still failed transiently after the retry budget; the outage re-drive applies them
-- in order once the failure passes. All parked commands of a user carry the reason of the user's
-- oldest one: the queue waits for one thing at a time.
ALTER TABLE parked_command
    ADD COLUMN reason varchar(32) NOT NULL DEFAULT 'CONNECTION_LOST'
        CHECK (reason IN ('CONNECTION_LOST', 'OUTAGE'));

-- The default only classifies the rows parked before this migration; the service always sets it.
ALTER TABLE parked_command ALTER COLUMN reason DROP DEFAULT;
