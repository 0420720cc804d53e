/** D1 access for state machines: typed rows over plain SQL. */
import type { StartArgs } from "../execution/contract.ts";
import { executionLogging } from "../execution-log.ts";
import type { LoggingConfiguration, StateMachineDescription, StateMachineType } from "../../shared/api/types.ts";

interface Row {
  arn: string;
  name: string;
  type: StateMachineType;
  definition: string;
  role_arn: string | null;
  status: string;
  revision: number;
  created_at: number;
  updated_at: number;
  /** JSON text (migrations/0010); NULL: AWS's default, OFF. */
  logging: string | null;
  tracing_enabled: number;
}

export interface NewStateMachine {
  arn: string;
  name: string;
  type: StateMachineType;
  definition: string;
  roleArn: string;
  /** Absent: AWS's default (OFF). */
  logging?: LoggingConfiguration;
  tracing: boolean;
  now: number;
}

const OFF: LoggingConfiguration = Object.freeze({ level: "OFF", includeExecutionData: false });

function describe(r: Row): StateMachineDescription {
  return {
    stateMachineArn: r.arn,
    name: r.name,
    type: r.type,
    definition: r.definition,
    roleArn: r.role_arn ?? "",
    status: r.status === "DELETING" ? "DELETING" : "ACTIVE",
    revision: r.revision,
    creationDate: new Date(r.created_at).toISOString(),
    updateDate: new Date(r.updated_at).toISOString(),
    loggingConfiguration: r.logging ? (JSON.parse(r.logging) as LoggingConfiguration) : OFF,
    tracingConfiguration: { enabled: r.tracing_enabled === 1 },
    encryptionConfiguration: { type: "AWS_OWNED_KEY" },
  };
}

/** Inserts a state machine; null when the name is taken (the caller decides what that means). */
export async function insertStateMachine(db: D1Database, m: NewStateMachine): Promise<StateMachineDescription | null> {
  const row = await db
    .prepare(
      `INSERT INTO state_machines
         (arn, name, type, definition, role_arn, status, revision, created_at, updated_at, logging, tracing_enabled)
       VALUES (?1, ?2, ?3, ?4, ?5, 'ACTIVE', 1, ?6, ?6, ?7, ?8)
       ON CONFLICT DO NOTHING
       RETURNING *`,
    )
    .bind(m.arn, m.name, m.type, m.definition, m.roleArn, m.now, m.logging ? JSON.stringify(m.logging) : null, m.tracing ? 1 : 0)
    .first<Row>();
  return row ? describe(row) : null;
}

export async function getStateMachine(db: D1Database, name: string): Promise<StateMachineDescription | null> {
  const row = await db.prepare("SELECT * FROM state_machines WHERE name = ?").bind(name).first<Row>();
  return row ? describe(row) : null;
}

/** What an execution's Durable Object needs to start: the machine as it is now, and the run's own facts. */
export function startArgsFor(sm: StateMachineDescription, executionArn: string, name: string, input: string): StartArgs {
  const args: StartArgs = {
    executionArn,
    name,
    stateMachineArn: sm.stateMachineArn,
    stateMachineName: sm.name,
    revision: sm.revision,
    type: sm.type,
    definition: sm.definition,
    updateDate: sm.updateDate,
    roleArn: sm.roleArn,
    input,
  };
  // Only when it logs: an execution of a machine with logging OFF carries nothing.
  const logging = executionLogging(sm.loggingConfiguration);
  if (logging) args.logging = logging;
  return args;
}

/** Changes what is given; the revision goes up only when the definition or type actually changes. */
export async function updateStateMachine(
  db: D1Database,
  name: string,
  change: {
    definition?: string;
    type?: StateMachineType;
    roleArn?: string;
    logging?: LoggingConfiguration;
    tracing?: boolean;
    now: number;
  },
): Promise<StateMachineDescription | null> {
  // One statement, so two concurrent updates each get their own revision.
  const row = await db
    .prepare(
      `UPDATE state_machines SET
         revision = revision + (coalesce(?2, definition) IS NOT definition OR coalesce(?3, type) IS NOT type),
         definition = coalesce(?2, definition),
         type = coalesce(?3, type),
         role_arn = coalesce(?4, role_arn),
         updated_at = ?5,
         logging = coalesce(?6, logging),
         tracing_enabled = coalesce(?7, tracing_enabled)
       WHERE name = ?1
       RETURNING *`,
    )
    .bind(
      name,
      change.definition ?? null,
      change.type ?? null,
      change.roleArn ?? null,
      change.now,
      change.logging ? JSON.stringify(change.logging) : null,
      change.tracing === undefined ? null : change.tracing ? 1 : 0,
    )
    .first<Row>();
  return row ? describe(row) : null;
}

/** Deletes the machine's row with its versions and aliases; its executions' rows stay listed, as AWS keeps them. */
export async function deleteStateMachine(db: D1Database, name: string): Promise<boolean> {
  const [res] = await db.batch([
    db.prepare("DELETE FROM state_machines WHERE name = ?").bind(name),
    db.prepare("DELETE FROM state_machine_versions WHERE machine = ?").bind(name),
    db.prepare("DELETE FROM state_machine_aliases WHERE machine = ?").bind(name),
  ]);
  return res.meta.changes > 0;
}

/** ListStateMachines' items: no definitions (a page of them could be 100 MiB). */
export type StateMachineListItem = Pick<
  StateMachineDescription,
  "stateMachineArn" | "name" | "type" | "revision" | "creationDate" | "updateDate"
>;

/** A page in name order, starting after `after`; one extra row tells whether there is more. */
export async function listStateMachines(
  db: D1Database,
  limit: number,
  after?: string,
): Promise<{ items: StateMachineListItem[]; more: boolean }> {
  const { results } = await db
    .prepare(
      `SELECT arn, name, type, revision, created_at, updated_at FROM state_machines
       WHERE ?1 IS NULL OR name > ?1 ORDER BY name LIMIT ?2`,
    )
    .bind(after ?? null, limit + 1)
    .all<Pick<Row, "arn" | "name" | "type" | "revision" | "created_at" | "updated_at">>();
  const items = results.slice(0, limit).map((r) => ({
    stateMachineArn: r.arn,
    name: r.name,
    type: r.type,
    revision: r.revision,
    creationDate: new Date(r.created_at).toISOString(),
    updateDate: new Date(r.updated_at).toISOString(),
  }));
  return { items, more: results.length > limit };
}
