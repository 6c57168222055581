-- Results that stay explainable (issue 16): the catalog version (a content hash of the
-- measures and rules in force) each result was computed with. NULL for older results.
ALTER TABLE assessments ADD COLUMN catalog_version TEXT;
-- Which version of each measure a catalog version holds ({"<measure id>": version}), stored
-- once per catalog version, so "what changed" compares the very versions a result used.
CREATE TABLE catalog_snapshots (
    version TEXT PRIMARY KEY,
    measures TEXT NOT NULL,
    created_at TEXT NOT NULL
);
