-- Anonymous writes are bounded (issue 15). Each wizard session and stored result keeps a key
-- of the client address that created it (a truncated SHA-256, kept only as long as the row)
-- for the per-address limit on new ones, and the retention clean-up reads the dates.
ALTER TABLE wizard_sessions ADD COLUMN client TEXT NOT NULL DEFAULT '';
ALTER TABLE assessments ADD COLUMN client TEXT NOT NULL DEFAULT '';
CREATE INDEX wizard_sessions_client ON wizard_sessions (client, created_at);
CREATE INDEX wizard_sessions_updated ON wizard_sessions (updated_at);
CREATE INDEX assessments_client ON assessments (client, created_at);
CREATE INDEX assessments_created ON assessments (created_at);
CREATE INDEX assessments_session ON assessments (session_id);
