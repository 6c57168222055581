-- The adaptive wizard (issue 16): the topics an applicant ticked on the first screen, and the
-- questions they answered "not sure" to (never asked again), both as JSON arrays.
ALTER TABLE wizard_sessions ADD COLUMN topics TEXT;
ALTER TABLE wizard_sessions ADD COLUMN unknown TEXT;
