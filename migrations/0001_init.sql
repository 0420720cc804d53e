-- Listings only: each execution's truth lives in its Durable Object (see DESIGN.md).
-- Times are epoch milliseconds (INTEGER), so they sort and page without format surprises.

CREATE TABLE state_machines (
  arn         TEXT PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  type        TEXT NOT NULL CHECK (type IN ('STANDARD', 'EXPRESS')),
  definition  TEXT NOT NULL,          -- the ASL JSON as submitted
  role_arn    TEXT,
  status      TEXT NOT NULL DEFAULT 'ACTIVE',
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);

-- No foreign key to state_machines: a machine may be deleted while its executions are listed.
CREATE TABLE executions (
  arn               TEXT PRIMARY KEY,
  state_machine_arn TEXT NOT NULL,
  name              TEXT NOT NULL,
  status            TEXT NOT NULL,    -- RUNNING | SUCCEEDED | FAILED | TIMED_OUT | ABORTED
  start_date        INTEGER NOT NULL,
  stop_date         INTEGER,
  UNIQUE (state_machine_arn, name)
);

-- ListExecutions: newest first per state machine, optionally filtered by status.
CREATE INDEX executions_by_machine ON executions (state_machine_arn, start_date DESC);
CREATE INDEX executions_by_machine_status ON executions (state_machine_arn, status, start_date DESC);
