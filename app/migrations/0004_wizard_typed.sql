-- The text typed for a wizard answer ("300万"), shown again with what it was understood as.
ALTER TABLE wizard_sessions ADD COLUMN typed TEXT;
