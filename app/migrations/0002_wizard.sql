-- Wizard sessions and the assessments they produce.
CREATE TABLE wizard_sessions (
    id TEXT PRIMARY KEY,
    focus TEXT,
    answers TEXT NOT NULL,
    pending TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE assessments (
    id TEXT PRIMARY KEY,
    session_id TEXT,
    facts TEXT NOT NULL,
    as_of TEXT NOT NULL,
    result TEXT NOT NULL,
    created_at TEXT NOT NULL
);
