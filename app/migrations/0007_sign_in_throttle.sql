-- Sign-in throttling by client address and account (issue 15): wrong passwords are counted per
-- (address, account) pair, so one attacker cannot lock a member out from everywhere, and per
-- address over all accounts, so spraying is throttled too. The old per-address table counted
-- with a read, a delete and an insert; the counts are now one upsert.
DROP TABLE sign_in_failures;
CREATE TABLE sign_in_failures (
    client TEXT NOT NULL,
    email TEXT NOT NULL,
    failures BIGINT NOT NULL,
    locked_until BIGINT NOT NULL DEFAULT 0,
    last_at BIGINT NOT NULL,
    PRIMARY KEY (client, email)
);
CREATE INDEX sign_in_failures_last ON sign_in_failures (last_at);
-- Idle expiry: a session unused for longer than the idle limit ends.
ALTER TABLE staff_sessions ADD COLUMN last_seen_at BIGINT NOT NULL DEFAULT 0;
