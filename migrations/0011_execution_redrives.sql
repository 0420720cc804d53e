-- RedriveExecution (README "Redrive"): a redriven execution's row goes back to RUNNING, then to its new
-- end. redrive_count orders the writes: a row is brought up to date by a write of a later redrive, or of
-- the same one while the row is RUNNING, so a late write of an earlier attempt never overwrites a later
-- one. ListExecutions answers redriveCount and redriveDate, and filters on them (redriveFilter). Adding
-- a column with a constant default rewrites no existing row.
ALTER TABLE executions ADD COLUMN redrive_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE executions ADD COLUMN redrive_date INTEGER;
-- The same for Map Runs (ListMapRuns): a redriven Map Run's row goes back to RUNNING, then to its new end.
ALTER TABLE map_runs ADD COLUMN redrive_count INTEGER NOT NULL DEFAULT 0;
