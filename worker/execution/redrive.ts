/**
 * RedriveExecution in an execution's object: AWS's eligibility (its reasons, word for word), the client
 * token's idempotency, then the engine's redrive (shared/asl/runtime/redrive.ts) from where it stood.
 */
import { notRedrivable, redriveExecution, type Host, type StateMachine } from "../../shared/asl/index.ts";
import type { RedriveStatus } from "../../shared/api/types.ts";
import type { RedriveArgs, RedriveOutcome } from "./contract.ts";
import type { HostState } from "./host-state.ts";

const DAY_MS = 24 * 3600_000;
/** AWS: an execution can be redriven for 14 days after it stopped, within a year of its start. */
export const REDRIVE_PERIOD_MS = 14 * DAY_MS;
const MAX_OPEN_MS = 365 * DAY_MS;
/** AWS: redriven executions append to their history, which must hold fewer than 24,999 events. */
const MAX_EVENTS = 24_999;
/** AWS answers again for the last 10 client tokens, each for 15 minutes after its first use. */
const TOKENS_KEPT = 10;
const TOKEN_TTL_MS = 15 * 60_000;

/** Why the execution cannot be redriven now (AWS's redriveStatusReason), or undefined. */
export function redriveRefusal(state: HostState, now: number): string | undefined {
  const exec = state.exec;
  const engine = notRedrivable(exec);
  if (engine) return engine;
  if (exec.eventSeq >= MAX_EVENTS) return "Execution history event limit exceeded";
  if (now - (exec.stopTime ?? now) > REDRIVE_PERIOD_MS) return "Execution redrivable period exceeded";
  if (now - exec.startTime > MAX_OPEN_MS) return "Execution has exceeded the max execution time";
  return undefined;
}

/** DescribeExecution's redriveStatus and redriveStatusReason. */
export function redriveStatus(state: HostState, now: number): { status: RedriveStatus; reason?: string } {
  const reason = redriveRefusal(state, now);
  if (reason) return { status: "NOT_REDRIVABLE", reason };
  // A Distributed Map's child is redriven with its Map Run, by redriving the parent execution.
  return { status: state.mapRun ? "REDRIVABLE_BY_MAP_RUN" : "REDRIVABLE" };
}

/**
 * Redrives the execution when it may be, or answers as it did for the same client token. `redriven`
 * tells the object to commit; a refusal changes nothing.
 */
export function redriveHere(state: HostState, machine: StateMachine, host: Host, args: RedriveArgs): RedriveOutcome & { redriven?: true } {
  const now = host.now;
  const live = (state.redriveTokens ?? []).filter((t) => now - t.at < TOKEN_TTL_MS);
  const seen = args.clientToken === undefined ? undefined : live.find((t) => t.token === args.clientToken);
  if (seen) return { ok: true, redriveDate: new Date(seen.date).toISOString() };
  const refused = redriveRefusal(state, now);
  if (refused) return { ok: false, error: "ExecutionNotRedrivable", message: refused };
  if (state.mapRun && !args.byMapRun) {
    return {
      ok: false,
      error: "ExecutionNotRedrivable",
      message: `Execution is a child of the Map Run ${state.mapRun.arn}: redrive its parent execution, which redrives the Map Run`,
    };
  }
  if (!redriveExecution(machine, state.exec, host))
    return { ok: false, error: "ExecutionNotRedrivable", message: "Execution cannot be redriven" };
  if (args.clientToken !== undefined) state.redriveTokens = [...live, { token: args.clientToken, at: now, date: now }].slice(-TOKENS_KEPT);
  // A Map Run's child tells its Map Run again how this attempt ends.
  if (state.mapRun) state.mapRun = { ...state.mapRun, notified: false, failures: 0, retryAt: 0 };
  return { ok: true, redriveDate: new Date(now).toISOString(), redriven: true };
}
