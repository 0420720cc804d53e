-- HTTP triggers (README "Express workflows"): one route per EXPRESS state machine.
-- `shape` is the path with its parameter names blanked (/orders/:id -> /orders/:), so two triggers
-- that would match the same requests cannot both exist.
CREATE TABLE triggers (
  state_machine TEXT PRIMARY KEY,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  shape TEXT NOT NULL,
  auth TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (method, shape)
);

-- Inputs of asynchronous Express starts too large for a queue message (128 KB), until the consumer runs them.
CREATE TABLE express_inputs (
  execution_arn TEXT PRIMARY KEY,
  input TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
