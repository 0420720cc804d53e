/** Activity names and ARNs: `arn:aws:states:<region>:<account>:activity:<name>`. */
import type { Env } from "../env.ts";
import { ApiError } from "../errors.ts";
import { arnPrefix } from "../routes/service/names.ts";

// As for state machines (routes/service/names.ts): stricter than AWS, since names sit in ARNs and URLs.
const NAME = /^[A-Za-z0-9_-]{1,80}$/;
const ARN = /^arn:aws[\w-]*:states:([^:]*):([^:]*):activity:(.*)$/;

export const isActivityArn = (resource: string): boolean => ARN.test(resource);

export function checkActivityName(name: unknown): string {
  if (typeof name !== "string" || !NAME.test(name)) {
    const shown = typeof name === "string" ? JSON.stringify(name.length > 100 ? `${name.slice(0, 100)}...` : name) : String(name);
    throw new ApiError(400, "InvalidName", `Invalid activity name ${shown}: use 1 to 80 characters of A-Z, a-z, 0-9, '-' and '_'.`);
  }
  return name;
}

export const activityArn = (env: Env, name: string): string => `${arnPrefix(env)}:activity:${name}`;

/**
 * The activity's name in an ARN of this runtime's region and account; null for a well-formed activity
 * ARN of another region or account (no such activity here), or a name that cannot exist.
 */
export function activityOfArn(env: Env, arn: string): string | null {
  const m = ARN.exec(arn);
  if (!m) return null;
  return NAME.test(m[3]) && arn === activityArn(env, m[3]) ? m[3] : null;
}

/** An activity given by name or ARN (as the routes take it): its name, or null for an ARN not of ours. */
export function activityRef(env: Env, ref: string): string | null {
  if (!ref.startsWith("arn:")) return checkActivityName(ref);
  if (!ARN.test(ref)) {
    throw new ApiError(400, "InvalidArn", `Invalid activity ARN ${JSON.stringify(ref)}: expected arn:aws:states:<region>:<account>:activity:<name>.`);
  }
  return activityOfArn(env, ref);
}
