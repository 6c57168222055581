-- Impact previews over large stores run in the background (issue 17 part 1): the draft and
-- day asked for, progress after every batch, the finished preview, and a lease like the
-- profile jobs' so another server takes over a job whose server stopped. Kept a day.
CREATE TABLE impact_jobs (
    id TEXT PRIMARY KEY,
    measure_id TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    draft TEXT NOT NULL,
    effective_from TEXT,
    total BIGINT NOT NULL,
    done BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    claimed_until BIGINT,
    attempts BIGINT NOT NULL DEFAULT 0,
    last_error TEXT,
    finished_at TEXT,
    result TEXT,
    millis BIGINT
);
CREATE INDEX impact_jobs_due ON impact_jobs (finished_at, created_at);
