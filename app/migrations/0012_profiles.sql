-- Profiles and alerts (issue 16): answers kept under an unguessable link, what the profile was
-- last told (its eligible measures and amounts, under a catalog version), its feed entries, an
-- optional e-mail address (confirmed before any digest is sent), and the background jobs that
-- publishing fills.
CREATE TABLE profiles (
    token TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    facts TEXT NOT NULL,
    -- The latest stored result computed from these answers (its page shows them in full).
    result_id TEXT,
    -- {"eligible": [{"id", "title", "counted"}]} as last computed, under catalog_version.
    outcome TEXT NOT NULL,
    catalog_version TEXT NOT NULL,
    email TEXT,
    -- Opens the e-mail confirmation and the one-click unsubscribe (never the profile).
    email_token TEXT,
    email_confirmed_at TEXT,
    client TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    seen_at TEXT NOT NULL
);
CREATE INDEX profiles_version ON profiles (catalog_version, token);
CREATE INDEX profiles_email_token ON profiles (email_token);
CREATE INDEX profiles_client ON profiles (client, created_at);

-- One entry per published change that altered a profile's outcome: the lines (gained, lost,
-- changed amount, each with the published changes that caused it) as JSON.
CREATE TABLE profile_entries (
    id TEXT PRIMARY KEY,
    profile_token TEXT NOT NULL,
    lines TEXT NOT NULL,
    from_version TEXT NOT NULL,
    to_version TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX profile_entries_profile ON profile_entries (profile_token, created_at);

-- Filled when a version is published (in the same transaction), worked in the background:
-- every profile whose stored outcome is of another catalog version is recomputed as of the
-- day the job runs. A job that fails is tried again later (claimed_until), at most a few times.
CREATE TABLE profile_jobs (
    id TEXT PRIMARY KEY,
    run_after TEXT NOT NULL,
    created_at TEXT NOT NULL,
    claimed_until BIGINT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    done_at TEXT,
    profiles_checked BIGINT,
    entries_made BIGINT,
    millis BIGINT
);
CREATE INDEX profile_jobs_due ON profile_jobs (done_at, run_after);

-- A queued message can belong to a profile (deleted with it) and carry its one-click
-- unsubscribe address (RFC 8058 headers); `kind` tells confirmations from digests.
ALTER TABLE outbox ADD COLUMN profile_token TEXT;
ALTER TABLE outbox ADD COLUMN unsubscribe_url TEXT;
ALTER TABLE outbox ADD COLUMN kind TEXT;
CREATE INDEX outbox_profile ON outbox (profile_token);

-- A wizard session opened to update a profile's answers updates it when finished.
ALTER TABLE wizard_sessions ADD COLUMN profile_token TEXT;
