-- Staff: accounts, sessions, sign-in throttling, the audit log; drafts of measures and
-- announcements with optimistic locks, and notes on published versions.
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    active BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    password_changed_at TEXT NOT NULL
);
CREATE TABLE staff_sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    csrf TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE TABLE sign_in_failures (
    email TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    locked_until BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    at TEXT NOT NULL,
    seq BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target_id TEXT,
    before_value TEXT,
    after_value TEXT
);
CREATE INDEX audit_log_actor ON audit_log (actor);
CREATE INDEX audit_log_target ON audit_log (target_id);
ALTER TABLE measures ADD COLUMN draft TEXT;
ALTER TABLE measures ADD COLUMN draft_by TEXT;
ALTER TABLE measure_versions ADD COLUMN note TEXT;
ALTER TABLE announcements ADD COLUMN measures TEXT NOT NULL DEFAULT '[]';
ALTER TABLE announcements ADD COLUMN status TEXT NOT NULL DEFAULT 'published';
ALTER TABLE announcements ADD COLUMN author TEXT;
ALTER TABLE announcements ADD COLUMN lock_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE announcements ADD COLUMN updated_at TEXT;
