-- Online applications for a measure: the application with its answers and estimate, the
-- events of its journey, the materials uploaded for it, and the mails queued for the
-- applicant (a sender delivers them later).
CREATE TABLE applications (
    id TEXT PRIMARY KEY,
    link_hash TEXT NOT NULL UNIQUE,
    idempotency_key TEXT NOT NULL UNIQUE,
    measure_id TEXT NOT NULL REFERENCES measures(id),
    measure_version BIGINT NOT NULL,
    stage TEXT NOT NULL,
    applicant_kind TEXT NOT NULL,
    applicant_name TEXT NOT NULL,
    credit_code TEXT,
    contact_email TEXT,
    contact_phone TEXT,
    answers TEXT NOT NULL,
    estimate TEXT NOT NULL,
    missing TEXT NOT NULL DEFAULT '[]',
    deadline TEXT,
    amount_granted BIGINT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    submitted_at TEXT,
    accepted_at TEXT,
    decided_at TEXT,
    lock_version BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX applications_stage ON applications (stage);
CREATE INDEX applications_measure ON applications (measure_id);
CREATE INDEX applications_submitted ON applications (submitted_at);
CREATE TABLE application_events (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications(id),
    seq BIGINT NOT NULL,
    at TEXT NOT NULL,
    stage TEXT NOT NULL,
    actor TEXT NOT NULL,
    message TEXT
);
CREATE INDEX application_events_application ON application_events (application_id);
CREATE TABLE application_materials (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications(id),
    material TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_at TEXT NOT NULL
);
CREATE INDEX application_materials_application ON application_materials (application_id);
CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    to_addr TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT
);
CREATE INDEX outbox_unsent ON outbox (sent_at);
