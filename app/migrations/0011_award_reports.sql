-- "My real award differed" (issue 16): an entrepreneur reports the amount actually granted for
-- a measure of a stored result; staff read the reports next to the measure with the estimate
-- and its trace, and mark them reviewed. Never shown publicly.
CREATE TABLE award_reports (
    id TEXT PRIMARY KEY,
    result_id TEXT NOT NULL,
    measure_id TEXT NOT NULL,
    amount BIGINT NOT NULL,
    comment TEXT NOT NULL,
    estimate TEXT NOT NULL,
    trace TEXT NOT NULL,
    client TEXT NOT NULL,
    created_at TEXT NOT NULL,
    reviewed_at TEXT,
    reviewed_by TEXT
);
CREATE INDEX award_reports_measure ON award_reports (measure_id, created_at);
CREATE INDEX award_reports_client ON award_reports (client, created_at);
