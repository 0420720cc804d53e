/** What the object stores about its execution besides the engine's own state: one JSON value. */
import type { Effect, Execution } from "../../shared/asl/index.ts";
import type { ExecutionStatus } from "../../shared/api/types.ts";
import type { ExecutionLogging } from "../execution-log.ts";

export type TaskEffect = Extract<Effect, { kind: "task" }>;

/** A task the engine asked for and that has not come back yet (dispatched or still to dispatch). */
export interface PendingTask {
  task: TaskEffect;
  /** Same on every delivery of this attempt, after a crash too: the receiver can tell a repeat. */
  key: string;
}

/** The D1 listing row's sync: `synced` is the status D1 is known to hold. */
export interface ListingSync {
  synced: ExecutionStatus | null;
  /** The redrive count D1 holds with it (absent: 0). */
  redrives?: number;
  /** Failed writes in a row; drives the retry backoff. */
  failures: number;
  retryAt: number;
}

/** Costs, counted so the benchmark can price an execution. */
export interface Stats {
  /**
   * SQLite rows this object wrote and read, as each statement's cursor reports them (what Cloudflare
   * bills), its tables' creation included, +1 per alarm set or deleted and per key put (each billed as
   * a row written), +1 read per key read.
   */
  rowsWritten: number;
  /** rowsWritten by what wrote them (a statement's label, `alarm.set`, `alarm.delete`); absent in older objects. */
  rowsByLabel?: Record<string, number>;
  /** Absent in objects stored before it was counted. */
  rowsRead: number;
  commits: number;
  /** D1 rows written for the listing, as D1 reports them. */
  d1Writes: number;
  /** d1Writes by the status each write carried (`listing.RUNNING`, ...); absent in older objects. */
  d1ByLabel?: Record<string, number>;
  d1Failures: number;
  /** RPC calls and alarms served (Durable Object requests). */
  requests: number;
  alarms: number;
  dispatches: number;
}

export interface HostState {
  exec: Execution;
  /** By engine task id. Recorded in the same commit that asked for the task, before it leaves. */
  tasks: Record<number, PendingTask>;
  listing: ListingSync;
  stats: Stats;
  /** Tokens no task waits on any more, and why: SendTask* tells a used token from a timed-out one (bounded). */
  closed?: Record<string, "answered" | "timed-out">;
  /** Started by a parent's `.sync` task: tell it how this execution ended (see parent.ts). */
  parent?: ParentLink;
  /** A Distributed Map's child (StartArgs.mapRun): the Map Run is told how it ended, like a parent. */
  mapRun?: MapRunLink;
  /** The origin the execution was started through, for its tasks' callback URLs (StartArgs.publicUrl). */
  publicUrl?: string;
  /** The machine's updateDate at start (StartArgs.updateDate); absent in objects from before it was kept. */
  machineUpdateDate?: string;
  /** The version and alias it was started with (StartArgs.versionArn, aliasArn). */
  versionArn?: string;
  aliasArn?: string;
  /** The machine's loggingConfiguration at start (StartArgs.logging); absent when its level is OFF. */
  logging?: ExecutionLogging;
  /** RedriveExecution's last client tokens (worker/execution/redrive.ts). */
  redriveTokens?: { token: string; at: number; date: number }[];
  /** Child executions a `.sync`/`.waitForTaskToken` startExecution task waits on, by engine task id. */
  children?: Record<number, string>;
}

export interface ParentLink {
  token: string;
  /** `.sync:2`: Input and Output as JSON, not JSON text. */
  sync2: boolean;
  /** Told (or refused for good); else retried by the alarm. */
  notified: boolean;
  failures: number;
  retryAt: number;
}

export interface MapRunLink {
  arn: string;
  index: number;
  notified: boolean;
  failures: number;
  retryAt: number;
}

/** Whether D1 may not hold the committed status (or redrive) yet: a listing write is owed. */
export function listingOwed(state: HostState): boolean {
  return state.listing.synced !== state.exec.status || (state.listing.redrives ?? 0) !== (state.exec.redriveCount ?? 0);
}

export function newStats(): Stats {
  return { rowsWritten: 0, rowsRead: 0, commits: 0, d1Writes: 0, d1Failures: 0, requests: 0, alarms: 0, dispatches: 0 };
}

/** What `start` keeps beside the state: written once. */
export interface Identity {
  definition: string;
  revision: number;
  input: string;
}
