/**
 * Map Run operations (DescribeMapRun, ListMapRuns, UpdateMapRun), shared by REST and the AWS protocol.
 * A Map Run is its Durable Object (worker/maprun, asked through its contract); the listing is D1's,
 * written by that object. Dates leave here as ISO strings, as every service answer's.
 */
import type { MapRunDescription, MapRunListItem } from "../../shared/api/types.ts";
import { listMapRunRows } from "../db/map-runs.ts";
import { decodeToken, encodeToken, pageSize } from "../db/paging.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../errors.ts";
import type { MapRunDescription as MapRunState, MapRunUpdate } from "../maprun/contract.ts";
import { describeExecution } from "./executions.ts";
import { parseMapRun } from "./names.ts";
import { mapRunObject } from "./stubs.ts";

export const mapRunNotFound = (arn: string): ApiError => new ApiError(404, "ResourceNotFound", `Map Run Does Not Exist: ${arn}`);

const iso = (ms: number): string => new Date(ms).toISOString();

function described(d: MapRunState): MapRunDescription {
  const { startDate, stopDate, ...rest } = d;
  return {
    ...rest,
    startDate: iso(startDate),
    ...(stopDate === undefined || stopDate === null ? {} : { stopDate: iso(stopDate) }),
  };
}

/** The Map Run's state from its object; ResourceNotFound when there is none (InvalidArn when malformed). */
async function find(env: Env, arn: string): Promise<MapRunState> {
  if (!parseMapRun(env, arn).ours) throw mapRunNotFound(arn);
  const found = await mapRunObject(env, arn).describe();
  if (!found) throw mapRunNotFound(arn);
  return found;
}

export async function describeMapRun(env: Env, arn: string): Promise<MapRunDescription> {
  return described(await find(env, arn));
}

/** The Map Runs an execution started, newest first; ExecutionDoesNotExist when there is no such execution. */
export async function listMapRuns(
  env: Env,
  q: { executionArn: string; maxResults?: unknown; nextToken?: string },
): Promise<{ mapRuns: MapRunListItem[]; nextToken?: string }> {
  const limit = pageSize(q.maxResults);
  const after = q.nextToken ? decodeToken(q.nextToken, { d: "number", a: "string" }) : undefined;
  await describeExecution(env, q.executionArn);
  const { items, next } = await listMapRunRows(env.DB, {
    executionArn: q.executionArn,
    limit,
    after: after && { startDate: after.d, arn: after.a },
  });
  const mapRuns = items.map((r): MapRunListItem => {
    const item: MapRunListItem = {
      executionArn: r.executionArn,
      mapRunArn: r.mapRunArn,
      // AWS: the parent's machine (the children's is `<machine>/<label>`).
      stateMachineArn: parseMapRun(env, r.mapRunArn).machineArn,
      startDate: iso(r.startDate),
    };
    if (r.stopDate !== null) item.stopDate = iso(r.stopDate);
    return item;
  });
  return next ? { mapRuns, nextToken: encodeToken({ d: next.startDate, a: next.arn }) } : { mapRuns };
}

const invalid = (value: unknown, field: string, what: string) =>
  new ApiError(
    400,
    "ValidationException",
    `1 validation error detected: Value '${JSON.stringify(value)}' at '${field}' failed to satisfy constraint: ${what}`,
  );

/** UpdateMapRun's members, checked as AWS checks them: at least one, each a number in its range. */
export function mapRunUpdate(b: {
  maxConcurrency?: unknown;
  toleratedFailurePercentage?: unknown;
  toleratedFailureCount?: unknown;
}): MapRunUpdate {
  const u: MapRunUpdate = {};
  const given = (v: unknown) => v !== undefined && v !== null;
  const { maxConcurrency: mc, toleratedFailurePercentage: pct, toleratedFailureCount: count } = b;
  if (given(mc)) {
    if (typeof mc !== "number" || !Number.isInteger(mc)) throw invalid(mc, "maxConcurrency", "Member must be an integer");
    if (mc < 0) throw invalid(mc, "maxConcurrency", "Member must have value greater than or equal to 0");
    u.maxConcurrency = mc;
  }
  if (given(pct)) {
    if (typeof pct !== "number" || !Number.isFinite(pct)) throw invalid(pct, "toleratedFailurePercentage", "Member must be a number");
    if (pct < 0 || pct > 100) throw invalid(pct, "toleratedFailurePercentage", "Member must have value between 0 and 100, inclusive");
    u.toleratedFailurePercentage = pct;
  }
  if (given(count)) {
    if (typeof count !== "number" || !Number.isInteger(count)) throw invalid(count, "toleratedFailureCount", "Member must be an integer");
    if (count < 0) throw invalid(count, "toleratedFailureCount", "Member must have value greater than or equal to 0");
    u.toleratedFailureCount = count;
  }
  if (Object.keys(u).length === 0) {
    throw new ApiError(
      400,
      "ValidationException",
      "At least one of maxConcurrency, toleratedFailurePercentage or toleratedFailureCount must be given.",
    );
  }
  return u;
}

/** UpdateMapRun of a RUNNING Map Run (the values checked first); the description after the change. */
export async function updateMapRun(
  env: Env,
  arn: string,
  req: { maxConcurrency?: unknown; toleratedFailurePercentage?: unknown; toleratedFailureCount?: unknown },
): Promise<MapRunDescription> {
  const u = mapRunUpdate(req);
  const found = await find(env, arn);
  if (found.status !== "RUNNING") {
    throw new ApiError(400, "ValidationException", `Map Run ${arn} is not running: it ended ${found.status}, and cannot be updated.`);
  }
  const updated = await mapRunObject(env, arn).update(u);
  if (!updated) throw mapRunNotFound(arn);
  return described(updated);
}
