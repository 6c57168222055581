-- The staff dashboard (issue 17): which measures each stored result found eligible, one row
-- per result and measure, so that "most-assessed measures" is a count, not a parse of every
-- stored result. Deleted with its result.
CREATE TABLE assessment_measures (
    assessment_id TEXT NOT NULL,
    measure_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (assessment_id, measure_id)
);
CREATE INDEX assessment_measures_created ON assessment_measures (created_at, measure_id);
