/**
 * What the application layer asks of a Map Run's Durable Object (native RPC, typed), and the shapes
 * DescribeMapRun and ListMapRuns answer with (AWS's, dates as epoch ms here; the routes format them).
 */
import type { MapRunCounts, MapRunStatus } from "../../shared/api/types.ts";
import type { MapRunSpec } from "../../shared/asl/distributed/types.ts";

export type { MapRunCounts, MapRunStatus };

export interface MapRunDescription {
  mapRunArn: string;
  executionArn: string;
  status: MapRunStatus;
  /** ms since the epoch */
  startDate: number;
  stopDate?: number;
  maxConcurrency: number;
  toleratedFailurePercentage: number;
  toleratedFailureCount: number;
  itemCounts: MapRunCounts;
  executionCounts: MapRunCounts;
  redriveCount: number;
  /** ms since the epoch; when last redriven. */
  redriveDate?: number;
}

export interface MapRunUpdate {
  maxConcurrency?: number;
  toleratedFailurePercentage?: number;
  toleratedFailureCount?: number;
}

/** Started by the parent execution's Map state: answered through the parent's task token when the run ends. */
export interface MapRunStart {
  spec: MapRunSpec;
  executionArn: string;
  /** The parent's token for this Map state (SendTask* answers the parent with it). */
  token: string;
  /** The origin the parent was started through (children's callback URLs). */
  publicUrl?: string;
}

/** How a STANDARD child ended, told by the child's object. */
export interface ChildEnd {
  index: number;
  status: "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";
  /** JSON text */
  output?: string;
  error?: string | null;
  cause?: string | null;
  startTime: number;
  stopTime: number;
  /** The attempt it ended in: a STANDARD child's redriveCount, an EXPRESS run's row attempt (see store.ts). */
  attempt?: number;
}

/** The RPC surface of MapRunObject (worker/maprun/object.ts implements it). */
export interface MapRunRpc {
  /** Idempotent: a second start of the same Map Run is the same run. */
  start(args: MapRunStart): Promise<void>;
  /** null when no Map Run was ever started in this object. */
  describe(): Promise<MapRunDescription | null>;
  /** UpdateMapRun; null when there is no such run. */
  update(u: MapRunUpdate): Promise<MapRunDescription | null>;
  /**
   * The parent was redriven: its failed, timed-out and aborted children run again (STANDARD: each redriven),
   * and the run answers the new token. Why not (AWS's States.Runtime cause), or null when it goes.
   */
  redrive(args: Omit<MapRunStart, "spec">): Promise<string | null>;
  /** The parent stopped or moved on: abort the run and its children. */
  stop(cause: string): Promise<void>;
  childEnded(end: ChildEnd): Promise<void>;
}

/** A row of the D1 listing (ListMapRuns): written by the Map Run's object when it starts and ends. */
export interface MapRunRow {
  mapRunArn: string;
  executionArn: string;
  status: MapRunStatus;
  startDate: number;
  stopDate: number | null;
  /** Its redrives (absent: 0): a later redrive's write wins over an earlier attempt's. */
  redriveCount?: number;
}
