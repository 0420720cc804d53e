/**
 * Keeps the execution's D1 listing row up to date. D1 is an index: a write that fails is retried
 * later (the object arms its alarm for it) and never holds up the execution. The state each commit
 * stores says whether a write is owed (`synced` is not the status), and that commit arms the alarm
 * for it (step.ts, nextWake): a crash between the commit and the write is repaired by the alarm.
 */
import type { Execution } from "../../shared/asl/index.ts";
import { writeExecutionRow, type ExecutionRow, type ListingDb } from "../db/execution-rows.ts";
import { listingOwed, type HostState } from "./host-state.ts";
import { addRows } from "./sql.ts";

const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * What a write changed that the state must keep: `failed` (its retry) and `recovered` (a success after
 * failures) must be stored now; `ended`, the first success once the execution has ended, carries the D1
 * rows counted here, which no later commit will, and may wait when an alarm set will look again (see
 * mustStore); null: nothing to store.
 */
export type ListingChange = "failed" | "recovered" | "ended" | null;

/**
 * How long the first write of a running execution may be held back while its object works on it at
 * once (the alarm for now: work ready, a task to send): one that ends meanwhile is written once, with its
 * end (D1 bills the row and its index entry; an update of the status, one more row). ListExecutions,
 * eventually consistent as AWS's, shows it that much later. The alarm that commit set covers a crash.
 */
export const LISTING_HOLD_MS = 1_000;

export class Listing {
  private chain: Promise<void> = Promise.resolve();
  private held?: ReturnType<typeof setTimeout>;

  /**
   * Whether the write owed now is held back (see LISTING_HOLD_MS): the execution runs, D1 has no row of
   * it, no write failed, and the alarm is due by `now`. `later` runs once when the hold is up.
   */
  hold(state: HostState, armed: number | null | undefined, now: number, later: () => void): boolean {
    const first = state.exec.status === "RUNNING" && state.listing.synced === null && state.listing.failures === 0;
    if (!first || armed == null || armed > now) {
      this.release();
      return false;
    }
    this.held ??= setTimeout(() => {
      this.held = undefined;
      later();
    }, LISTING_HOLD_MS);
    return true;
  }

  /** No write held back any more (written now, or the object's memory dropped). */
  release(): void {
    if (this.held !== undefined) clearTimeout(this.held);
    this.held = undefined;
  }

  /**
   * Writes the row if D1 does not hold the current status yet. Writes go one at a time, each with
   * the status current when it starts. Resolves to what changed that the state must keep (while the
   * execution runs, the next commit carries the D1 rows counted here).
   */
  sync(db: ListingDb, state: HostState, now: () => number): Promise<ListingChange> {
    const run = this.chain.then(() => this.write(db, state, now));
    this.chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async write(db: ListingDb, state: HostState, now: () => number): Promise<ListingChange> {
    const exec = state.exec;
    const status = exec.status;
    const redrives = exec.redriveCount ?? 0;
    // A redrive that ends within one commit ends with the status D1 holds: its count tells it apart.
    if (!listingOwed(state)) return null;
    const hadFailed = state.listing.failures > 0;
    try {
      const n = await writeExecutionRow(db, row(exec, state.mapRun?.arn));
      state.stats.d1Writes += n;
      addRows((state.stats.d1ByLabel ??= {}), `listing.${status}`, n);
      state.listing = { synced: status, failures: 0, retryAt: 0 };
      if (redrives) state.listing.redrives = redrives;
      return hadFailed ? "recovered" : status !== "RUNNING" ? "ended" : null;
    } catch (err) {
      console.warn(`D1 listing write for ${exec.executionArn} failed; will retry`, err);
      const failures = state.listing.failures + 1;
      state.stats.d1Failures++;
      state.listing = { ...state.listing, failures, retryAt: now() + Math.min(1000 * 2 ** (failures - 1), MAX_BACKOFF_MS) };
      return "failed";
    }
  }
}

/**
 * Whether what a write changed must be stored by a commit of its own. A failure must be remembered (and
 * its retry armed); a late success after failures too. An alarm set early for the write (`early`) goes
 * back to when the execution needs it (a Wait's end), with the state that says it landed. Once the
 * execution has ended, the state that says so (and the write's D1 rows) waits while an alarm is set: it
 * fires to find nothing due in this object; a fresh one (after an eviction) finds the write owed, writes
 * it again (D1 keeps the ended row as it is) and stores that.
 */
export function mustStore(change: ListingChange, state: HostState, armed: number | null | undefined, early: boolean): boolean {
  const landed = early && !listingOwed(state);
  if (change === "failed" || change === "recovered") return true;
  if (!change && !landed) return false;
  return state.exec.status === "RUNNING" || typeof armed !== "number";
}

/** A Map Run's children are filed under the Map Run's ARN: ListExecutions(mapRunArn) reads them by it. */
function row(exec: Execution, mapRunArn: string | undefined): ExecutionRow {
  return {
    arn: exec.executionArn,
    stateMachineArn: mapRunArn ?? exec.stateMachineArn,
    name: exec.name,
    status: exec.status,
    startDate: exec.startTime,
    stopDate: exec.stopTime ?? null,
    redriveCount: exec.redriveCount ?? 0,
    redriveDate: exec.redriveTime ?? null,
  };
}
