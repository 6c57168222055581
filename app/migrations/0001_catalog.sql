-- The catalog: documents, facts, cross-measure rules, measures with their versions,
-- announcements, and the revision counter that tells every server instance to reload.
CREATE TABLE documents (slug TEXT PRIMARY KEY, position BIGINT NOT NULL, body TEXT NOT NULL);
CREATE TABLE facts (name TEXT PRIMARY KEY, position BIGINT NOT NULL, body TEXT NOT NULL);
CREATE TABLE rules (id TEXT PRIMARY KEY, position BIGINT NOT NULL, body TEXT NOT NULL);
CREATE TABLE measures (
    id TEXT PRIMARY KEY,
    position BIGINT NOT NULL,
    status TEXT NOT NULL,
    current_version BIGINT NOT NULL,
    lock_version BIGINT NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
);
CREATE TABLE measure_versions (
    measure_id TEXT NOT NULL REFERENCES measures(id),
    version BIGINT NOT NULL,
    body TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    published_at TEXT NOT NULL,
    published_by TEXT,
    PRIMARY KEY (measure_id, version)
);
CREATE TABLE announcements (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    published_on TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE catalog_revision (id BIGINT PRIMARY KEY, revision BIGINT NOT NULL);
INSERT INTO catalog_revision (id, revision) VALUES (1, 0);
