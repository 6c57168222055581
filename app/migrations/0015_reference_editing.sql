-- Facts, cross-measure rules and source documents edited in forms (issue 17 part 3), as
-- measures are: one head per edited entry (its draft, the draft's author, the locking counter
-- and the current version), and every published version of an entry (a NULL body: removed in
-- that version). The published entries themselves stay in facts, rules and documents, which
-- the catalog is read from; an entry never edited has no head and no versions.
CREATE TABLE reference_heads (
    kind TEXT NOT NULL,
    entry_key TEXT NOT NULL,
    draft TEXT,
    draft_removes BIGINT NOT NULL DEFAULT 0,
    draft_by TEXT,
    lock_version BIGINT NOT NULL DEFAULT 0,
    current_version BIGINT NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (kind, entry_key)
);
CREATE TABLE reference_versions (
    kind TEXT NOT NULL,
    entry_key TEXT NOT NULL,
    version BIGINT NOT NULL,
    body TEXT,
    published_at TEXT NOT NULL,
    published_by TEXT,
    note TEXT,
    PRIMARY KEY (kind, entry_key, version)
);
