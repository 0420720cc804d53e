/**
 * Tags of state machines and activities (TagResource, UntagResource, ListTagsForResource, and `tags`
 * at creation), shared by every front end: plain values in, wire types out, ApiErrors. AWS's rules:
 * at most 50 per resource, a key of 1 to 128 characters, a value of 0 to 256, Unicode letters, digits,
 * white space and `_ . : / = + - @` only; tagging a key again replaces its value.
 */
import { parseArn } from "../../shared/api/arns.ts";
import type { Tag } from "../../shared/api/types.ts";
import { getActivity } from "../db/activities.ts";
import { getStateMachine } from "../db/state-machines.ts";
import * as db from "../db/tags.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../errors.ts";
import { activityOfArn, parseStateMachineArn } from "./names.ts";

export const MAX_TAGS = 50;
const KEY_MAX = 128;
const VALUE_MAX = 256;
const CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const ALLOWED = "Unicode letters, digits, white space and _ . : / = + - @";

const invalid = (message: string) => new ApiError(400, "ValidationException", message);

const shown = (v: unknown): string => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 60)}...` : s;
};

/** A key or value of `min` to `max` characters (code points) of the allowed ones. */
function checkText(v: unknown, where: string, min: number, max: number): string {
  const length = typeof v === "string" ? [...v].length : -1;
  if (typeof v !== "string" || length < min || length > max || !CHARS.test(v)) {
    throw invalid(`${where} must be ${min} to ${max} characters of ${ALLOWED}, not ${shown(v)}.`);
  }
  return v;
}

/** A list of {key, value} as AWS takes it; a key given twice keeps its last value. */
function checkTags(v: unknown): Tag[] {
  if (!Array.isArray(v)) throw invalid(`tags must be a list of {key, value}, not ${shown(v)}.`);
  const byKey = new Map<string, string>();
  v.forEach((t: unknown, i) => {
    if (typeof t !== "object" || t === null || Array.isArray(t))
      throw invalid(`tags[${i}] must be an object {key, value}, not ${shown(t)}.`);
    const { key, value } = t as { key?: unknown; value?: unknown };
    byKey.set(checkText(key, `tags[${i}].key`, 1, KEY_MAX), checkText(value ?? "", `tags[${i}].value`, 0, VALUE_MAX));
  });
  return [...byKey].map(([key, value]) => ({ key, value }));
}

const tooMany = (arn: string, count: number) =>
  new ApiError(400, "TooManyTags", `A resource may have at most ${MAX_TAGS} tags; ${arn} would have ${count}.`, { resourceName: arn });

/** The `tags` of a create request (absent: none); TooManyTags over 50. Checked before anything is stored. */
export function checkCreateTags(arn: string, v: unknown): Tag[] {
  if (v === undefined || v === null) return [];
  const tags = checkTags(v);
  if (tags.length > MAX_TAGS) throw tooMany(arn, tags.length);
  return tags;
}

/** A new resource's tags: exactly these, whatever an earlier resource of the same ARN left behind. */
export async function setNewTags(env: Env, arn: string, tags: Tag[]): Promise<void> {
  await db.replaceTags(env.DB, arn, tags);
}

/** The resource was deleted: so are its tags. */
export async function dropTags(env: Env, arn: string): Promise<void> {
  await db.deleteTags(env.DB, arn);
}

/** The ARN of an existing state machine or activity; InvalidArn for another kind, ResourceNotFound when absent. */
async function taggable(env: Env, arn: unknown): Promise<string> {
  if (typeof arn !== "string" || arn === "")
    throw invalid(`resourceArn must be the ARN of a state machine or activity, not ${shown(arn)}.`);
  const kind = parseArn(arn)?.kind;
  if (kind !== "stateMachine" && kind !== "activity") {
    throw new ApiError(
      400,
      "InvalidArn",
      `Invalid Arn ${shown(arn)}: tags are kept for state machines (arn:aws:states:<region>:<account>:stateMachine:<name>) ` +
        "and activities (...:activity:<name>).",
    );
  }
  const name = kind === "stateMachine" ? parseStateMachineArn(env, arn) : activityOfArn(env, arn);
  const found = name === null ? null : kind === "stateMachine" ? await getStateMachine(env.DB, name) : await getActivity(env.DB, name);
  if (!found) throw new ApiError(404, "ResourceNotFound", `Resource not found: ${arn}`, { resourceName: arn });
  return arn;
}

/** ListTagsForResource: the resource's tags, by key. */
export async function listTags(env: Env, arn: unknown): Promise<{ tags: Tag[] }> {
  return { tags: await db.listTags(env.DB, await taggable(env, arn)) };
}

/** TagResource: adds the tags, replacing the values of keys it has; TooManyTags (nothing changed) past 50. */
export async function tagResource(env: Env, arn: unknown, tags: unknown): Promise<void> {
  if (tags === undefined || tags === null) throw invalid("tags is required: a list of {key, value}.");
  const list = checkTags(tags);
  const resource = await taggable(env, arn);
  if (list.length > MAX_TAGS) throw tooMany(resource, list.length);
  if (await db.addTags(env.DB, resource, list, MAX_TAGS)) return;
  const keys = new Set([...(await db.listTags(env.DB, resource)).map((t) => t.key), ...list.map((t) => t.key)]);
  throw tooMany(resource, keys.size);
}

/** UntagResource: removes these keys; a key the resource does not have is ignored. */
export async function untagResource(env: Env, arn: unknown, tagKeys: unknown): Promise<void> {
  if (!Array.isArray(tagKeys)) throw invalid(`tagKeys must be a list of tag keys, not ${shown(tagKeys)}.`);
  const keys = tagKeys.map((k: unknown, i) => {
    const length = typeof k === "string" ? [...k].length : 0;
    if (typeof k !== "string" || length < 1 || length > KEY_MAX)
      throw invalid(`tagKeys[${i}] must be 1 to ${KEY_MAX} characters, not ${shown(k)}.`);
    return k;
  });
  await db.removeTags(env.DB, await taggable(env, arn), keys);
}
