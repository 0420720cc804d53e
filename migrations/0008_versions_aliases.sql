-- State machine versions and aliases (PublishStateMachineVersion, CreateStateMachineAlias, ...).
-- A version is an immutable copy of the machine's revision when it was published. Its number comes
-- from the machine's own counter (last_version), so a number is never used twice, even after a
-- delete; deleting the machine deletes its versions and aliases.
ALTER TABLE state_machines ADD COLUMN last_version INTEGER NOT NULL DEFAULT 0;

CREATE TABLE state_machine_versions (
  machine       TEXT NOT NULL,        -- the state machine's name
  version       INTEGER NOT NULL,
  revision      INTEGER NOT NULL,     -- the machine's revision it copies
  type          TEXT NOT NULL,
  definition    TEXT NOT NULL,
  role_arn      TEXT,
  description   TEXT,
  revision_date INTEGER NOT NULL,     -- when that revision was made (the machine's updated_at then)
  created_at    INTEGER NOT NULL,
  PRIMARY KEY (machine, version)
) WITHOUT ROWID;

-- An alias routes each start to one of one or two versions of its machine, by weight (percent).
CREATE TABLE state_machine_aliases (
  machine     TEXT NOT NULL,
  name        TEXT NOT NULL,
  description TEXT,
  version1    INTEGER NOT NULL,
  weight1     INTEGER NOT NULL,
  version2    INTEGER,
  weight2     INTEGER,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (machine, name)
) WITHOUT ROWID;
