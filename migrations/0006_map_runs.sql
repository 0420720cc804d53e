-- Distributed Map runs (ListMapRuns): one row per Map Run, written by its Durable Object when it starts
-- and when it ends (upsert; a terminal status is final). Its child executions are rows of `executions`
-- whose state_machine_arn is the Map Run's ARN (ListExecutions with mapRunArn walks that index).
-- WITHOUT ROWID: the arn is the table's key, as for executions (0003).
CREATE TABLE map_runs (
  arn           TEXT PRIMARY KEY,
  execution_arn TEXT NOT NULL,
  status        TEXT NOT NULL,
  start_date    INTEGER NOT NULL,
  stop_date     INTEGER
) WITHOUT ROWID;

-- ListMapRuns: newest first per parent execution, ties broken by arn.
CREATE INDEX map_runs_by_execution ON map_runs (execution_arn, start_date DESC, arn DESC);
