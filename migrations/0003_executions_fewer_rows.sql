-- The listing row of an execution is written twice (RUNNING, then its end), and D1 bills every row
-- written, index entries included: 5 + 2 rows with the old table. Rebuilt with the same columns
-- and data: 2 + 1 rows.
-- WITHOUT ROWID: the arn is the table's key, so no separate primary-key index to write.
-- No UNIQUE (state_machine_arn, name): the arn is made of the two, and one Durable Object per arn
-- already refuses a second execution of that name.
-- One listing index: the status filter walks it in order and skips other statuses (rows read, a
-- thousandth of the price of a row written), and a status change writes no index entry.
CREATE TABLE executions_rebuilt (
  arn               TEXT PRIMARY KEY,
  state_machine_arn TEXT NOT NULL,
  name              TEXT NOT NULL,
  status            TEXT NOT NULL,
  start_date        INTEGER NOT NULL,
  stop_date         INTEGER
) WITHOUT ROWID;

INSERT INTO executions_rebuilt (arn, state_machine_arn, name, status, start_date, stop_date)
  SELECT arn, state_machine_arn, name, status, start_date, stop_date FROM executions;

DROP TABLE executions;
ALTER TABLE executions_rebuilt RENAME TO executions;

-- ListExecutions: newest first per state machine, ties broken by arn (see 0002).
CREATE INDEX executions_by_machine ON executions (state_machine_arn, start_date DESC, arn DESC);
