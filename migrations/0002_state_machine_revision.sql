-- Every update that changes a definition or type bumps the revision; an execution records the
-- revision it started with (`<stateMachineArn>:<revision>`).
ALTER TABLE state_machines ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;

-- ListExecutions pages on (start_date, arn), newest first: the arn breaks ties between executions
-- started in the same millisecond, so a page boundary never skips or repeats one.
DROP INDEX executions_by_machine;
DROP INDEX executions_by_machine_status;
CREATE INDEX executions_by_machine ON executions (state_machine_arn, start_date DESC, arn DESC);
CREATE INDEX executions_by_machine_status ON executions (state_machine_arn, status, start_date DESC, arn DESC);
