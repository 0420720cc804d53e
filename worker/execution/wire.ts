/** The stored execution as the API shows it: DescribeExecution and GetExecutionHistory pages. */
import { readHistoryToken, writeHistoryToken } from "../history-token.ts";
import { awsEvent } from "../../shared/asl/index.ts";
import type { ExecutionDescription, HistoryEventWire, HistoryPage } from "../../shared/api/types.ts";
import type { HistoryQuery, RecordedMachine } from "./contract.ts";
import { redriveStatus } from "./redrive.ts";
import type { Loaded, Store } from "./store.ts";

export function description(loaded: Loaded, now: number): ExecutionDescription {
  const e = loaded.state.exec;
  const d: ExecutionDescription = {
    executionArn: e.executionArn,
    stateMachineArn: e.stateMachineArn,
    name: e.name,
    status: e.status,
    startDate: new Date(e.startTime).toISOString(),
    input: loaded.input,
    inputDetails: { included: true },
  };
  // As AWS: only an execution started with a version's or an alias's ARN has them.
  if (loaded.state.versionArn) d.stateMachineVersionArn = loaded.state.versionArn;
  if (loaded.state.aliasArn) d.stateMachineAliasArn = loaded.state.aliasArn;
  if (e.stopTime !== undefined && e.status !== "RUNNING") d.stopDate = new Date(e.stopTime).toISOString();
  if (e.status === "SUCCEEDED") {
    d.output = JSON.stringify(e.output ?? null);
    d.outputDetails = { included: true };
  }
  if (e.error != null) d.error = e.error;
  if (e.cause != null) d.cause = e.cause;
  d.redriveCount = e.redriveCount ?? 0;
  if (e.redriveTime !== undefined) d.redriveDate = new Date(e.redriveTime).toISOString();
  const redrive = redriveStatus(loaded.state, now);
  d.redriveStatus = redrive.status;
  if (redrive.reason) d.redriveStatusReason = redrive.reason;
  return d;
}

export function recordedMachine(loaded: Loaded): RecordedMachine {
  const { exec, machineUpdateDate, mapRun } = loaded.state;
  const r: RecordedMachine = {
    stateMachineArn: exec.stateMachineArn,
    stateMachineName: exec.stateMachineName,
    definition: loaded.definition,
    roleArn: exec.roleArn,
    revision: loaded.revision,
    startDate: new Date(exec.startTime).toISOString(),
  };
  if (machineUpdateDate) r.updateDate = machineUpdateDate;
  if (mapRun) r.mapRunArn = mapRun.arn;
  return r;
}

/** A query the routes should have refused; the name is AWS's, for `{error, message}`. */
export class HistoryQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidToken";
  }
}

export function historyPage(store: Store, lastEventId: number, q: HistoryQuery): HistoryPage {
  const max = q.maxResults ?? 100;
  if (!Number.isInteger(max) || max < 1 || max > 1000) throw new HistoryQueryError(`maxResults must be 1..1000, not ${max}`);
  const desc = q.reverseOrder === true;
  let from = desc ? lastEventId : 1;
  if (q.nextToken !== undefined) from = readToken(q.nextToken);
  const events: HistoryEventWire[] = [];
  let next: number | undefined;
  for (const ev of store.events(from, desc)) {
    if (events.length === max) {
      next = ev.id;
      break;
    }
    const w = awsEvent(ev, q.includeExecutionData !== false);
    w.timestamp = new Date(ev.timestamp).toISOString();
    events.push(w as HistoryEventWire);
  }
  return next === undefined ? { events } : { events, nextToken: writeHistoryToken(next) };
}

function readToken(token: string): number {
  const id = readHistoryToken(token);
  if (id === undefined) throw new HistoryQueryError("The nextToken is not one this execution's history gave");
  return id;
}
