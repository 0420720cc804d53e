/**
 * Activity operations (CreateActivity, DescribeActivity, ListActivities, DeleteActivity,
 * GetActivityTask), shared by every front end: plain values in, wire types out, ApiErrors.
 */
import { parseResource } from "../../shared/asl/index.ts";
import type { ActivityDescription, ActivityTask } from "../activities/types.ts";
import * as db from "../db/activities.ts";
import { decodeToken, encodeToken, pageSize } from "../db/paging.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../errors.ts";
import { activityArn, activityOfArn, activityRef, checkName, placeOf } from "./names.ts";
import { activityQueue } from "./stubs.ts";
import { checkCreateTags, dropTags, setNewTags } from "./tags.ts";

/** AWS holds a GetActivityTask poll open for up to 60 seconds. */
export const MAX_WAIT_SECONDS = 60;

const notFound = (ref: string) => new ApiError(404, "ActivityDoesNotExist", `Activity does not exist: ${ref}`);

/**
 * Creates an activity with its tags; the same name again answers the existing one, as AWS does
 * (created: false, the tags of the request ignored).
 */
export async function createActivity(
  env: Env,
  name: unknown,
  tags?: unknown,
): Promise<{ created: boolean; activity: ActivityDescription }> {
  const n = checkName("activity", name);
  const arn = activityArn(env, n);
  const tagList = checkCreateTags(arn, tags);
  const made = await db.insertActivity(env.DB, n, arn, Date.now());
  if (made) {
    await setNewTags(env, arn, tagList);
    return { created: true, activity: made };
  }
  const existing = await db.getActivity(env.DB, n);
  // Deleted in between: the caller may simply ask again.
  if (!existing) throw new ApiError(409, "ActivityAlreadyExists", `Activity ${n} was being deleted; try again.`);
  return { created: false, activity: existing };
}

export async function describeActivity(env: Env, ref: string): Promise<ActivityDescription> {
  const name = activityRef(env, ref);
  const found = name === null ? null : await db.getActivity(env.DB, name);
  if (!found) throw notFound(ref);
  return found;
}

export async function listActivities(
  env: Env,
  q: { maxResults?: unknown; nextToken?: unknown },
): Promise<{ activities: ActivityDescription[]; nextToken?: string }> {
  const limit = pageSize(q.maxResults);
  const after = typeof q.nextToken === "string" && q.nextToken ? decodeToken(q.nextToken, { after: "string" }).after : undefined;
  const rows = await db.listActivities(env.DB, limit, after);
  const activities = rows.slice(0, limit);
  return rows.length > limit ? { activities, nextToken: encodeToken({ after: activities[activities.length - 1].name }) } : { activities };
}

/** DeleteActivity: as AWS, deleting one that does not exist succeeds; its tags and queued tasks are dropped. */
export async function deleteActivity(env: Env, ref: string): Promise<void> {
  const name = activityRef(env, ref);
  if (name === null) return;
  await db.deleteActivity(env.DB, name);
  await dropTags(env, activityArn(env, name));
  await activityQueue(env, activityArn(env, name)).purge();
}

/** GetActivityTask: waits up to `waitSeconds` (default and at most 60) for a task of this activity. */
export async function getActivityTask(env: Env, ref: string, req: { workerName?: unknown; waitSeconds?: unknown }): Promise<ActivityTask> {
  const workerName = checkWorkerName(req.workerName);
  const wait = checkWait(req.waitSeconds);
  const found = await describeActivity(env, ref);
  return activityQueue(env, found.activityArn).poll(workerName, wait * 1000);
}

/** Whether a state machine may name this activity ARN (it exists here): null, or why not. */
export async function activityMissing(env: Env, resource: string): Promise<string | null> {
  if (parseResource(resource).kind !== "activity") return null;
  const name = activityOfArn(env, resource);
  if (name !== null && (await db.getActivity(env.DB, name))) return null;
  const { region, account } = placeOf(env);
  const here = name === null ? ` (activities here are arn:aws:states:${region}:${account}:activity:<name>)` : "";
  return `Activity does not exist: '${resource}'${here}. Create it first (POST /activities).`;
}

function checkWorkerName(v: unknown): string | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v !== "string" || v.length > 80) {
    throw new ApiError(400, "ValidationException", `workerName must be a string of at most 80 characters, not ${JSON.stringify(v)}.`);
  }
  return v;
}

function checkWait(v: unknown): number {
  if (v === undefined || v === null || v === "") return MAX_WAIT_SECONDS;
  const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : NaN;
  if (!Number.isFinite(n) || n < 0 || n > MAX_WAIT_SECONDS) {
    throw new ApiError(400, "ValidationException", `waitSeconds must be a number from 0 to ${MAX_WAIT_SECONDS}, not ${JSON.stringify(v)}.`);
  }
  return n;
}
