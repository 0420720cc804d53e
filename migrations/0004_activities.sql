-- Activities (CreateActivity): the listing. Each activity's queue of tasks lives in its own Durable
-- Object (ActivityObject), not here.
CREATE TABLE activities (
  name        TEXT PRIMARY KEY,
  arn         TEXT NOT NULL,
  created_at  INTEGER NOT NULL
) WITHOUT ROWID;
