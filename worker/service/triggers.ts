/**
 * HTTP triggers: an EXPRESS state machine bound to a route of its own under /run (method and path,
 * path parameters as `:name`), one per machine. Requests are matched with Hono's router.
 */
import { TrieRouter } from "hono/router/trie-router";
import * as db from "../db/triggers.ts";
import { TRIGGER_METHODS, type Trigger, type TriggerMethod } from "../db/triggers.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../errors.ts";
import { expressMachine } from "./express.ts";
import { forgetHot, hotCache } from "./hot-cache.ts";
import { machineRef, type MachineRef } from "./names.ts";

export type { Trigger };

const LITERAL = /^[A-Za-z0-9._~-]+$/;
const PARAM = /^:[A-Za-z_][A-Za-z0-9_]{0,63}$/;

const invalid = (message: string) => new ApiError(400, "ValidationException", message);
const noTrigger = (name: string) => new ApiError(404, "ResourceNotFound", `The state machine ${name} has no trigger.`);

/** The binding a client asked for, checked: method, path (segments of `A-Za-z0-9._~-` or `:param`), auth. */
export function checkTrigger(stateMachine: string, req: { method?: unknown; path?: unknown; auth?: unknown }): Trigger {
  const method = typeof req.method === "string" ? req.method.toUpperCase() : req.method;
  if (!TRIGGER_METHODS.includes(method as TriggerMethod)) {
    throw invalid(`method must be one of ${TRIGGER_METHODS.join(", ")}, not ${JSON.stringify(req.method)}.`);
  }
  const path = req.path;
  if (typeof path !== "string" || !path.startsWith("/") || path.length > 256) {
    throw invalid(
      `path must be a string starting with '/', at most 256 characters (it is served under /run), not ${JSON.stringify(path)}.`,
    );
  }
  const names = new Set<string>();
  for (const segment of path.split("/").slice(1)) {
    if (PARAM.test(segment)) {
      if (names.has(segment)) throw invalid(`The path parameter ${segment} appears twice in ${path}.`);
      names.add(segment);
    } else if (!LITERAL.test(segment)) {
      throw invalid(`Invalid path segment ${JSON.stringify(segment)} in ${path}: use A-Z a-z 0-9 . _ ~ - or a parameter such as :id.`);
    }
  }
  const auth = req.auth === undefined || req.auth === null ? "token" : req.auth;
  if (auth !== "none" && auth !== "token") throw invalid(`auth must be "token" (the default) or "none", not ${JSON.stringify(req.auth)}.`);
  return { stateMachine, method: method as TriggerMethod, path, auth };
}

/**
 * What a trigger runs, as it is stored: the machine's name, or `name:<alias>` (each start routed by the
 * alias) or `name:<version>`; given as such or as an ARN.
 */
function triggerTarget(env: Env, ref: string): string {
  const r = machineRef(env, ref) as MachineRef | null;
  if (!r) throw new ApiError(404, "StateMachineDoesNotExist", `State machine does not exist: ${ref}`);
  return r.name + (r.version !== undefined ? `:${r.version}` : r.alias !== undefined ? `:${r.alias}` : "");
}

/** PUT: binds an EXPRESS machine to a route; ConflictException when another machine serves the same requests. */
export async function putTrigger(env: Env, machine: string, req: { method?: unknown; path?: unknown; auth?: unknown }): Promise<Trigger> {
  const target = triggerTarget(env, machine);
  await expressMachine(env, target);
  const trigger = checkTrigger(target, req);
  const taken = await db.clashingTrigger(env.DB, trigger);
  if (taken) {
    throw new ApiError(
      409,
      "ConflictException",
      `${trigger.method} /run${taken.path} already runs the state machine ${taken.stateMachine}; delete that trigger first.`,
    );
  }
  await db.putTrigger(env.DB, trigger, Date.now());
  forgetHot();
  return trigger;
}

export async function getTrigger(env: Env, machine: string): Promise<Trigger> {
  const name = triggerTarget(env, machine);
  const found = await db.getTrigger(env.DB, name);
  if (!found) throw noTrigger(name);
  return found;
}

export async function deleteTrigger(env: Env, machine: string): Promise<void> {
  const name = triggerTarget(env, machine);
  const deleted = await db.deleteTrigger(env.DB, name);
  forgetHot();
  if (!deleted) throw noTrigger(name);
}

/** A literal segment counts more than a parameter, and an earlier one more than a later one: /a/:x beats /:y/b for /a/b. */
function specificity(path: string): number {
  const segments = path.split("/").slice(1);
  return segments.reduce((score, segment, i) => (segment.startsWith(":") ? score : score + 2 ** (segments.length - i)), 0);
}

function decoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

// The triggers of a method as a router, kept a second per isolate (./hot-cache.ts): no D1 read per run.
const routerOf = hotCache(async (env: Env, method: string) => {
  const triggers = (await db.triggersOf(env.DB, method)).sort((a, b) => specificity(b.path) - specificity(a.path));
  const router = new TrieRouter<Trigger>();
  for (const t of triggers) router.add(t.method, t.path, t);
  return router;
});

/** The trigger serving `method path` (path relative to /run) and its (decoded) parameters, or null. */
export async function matchTrigger(
  env: Env,
  method: string,
  path: string,
): Promise<{ trigger: Trigger; params: Record<string, string> } | null> {
  const router = await routerOf(env, method.toUpperCase());
  // The trie router answers [[trigger, params], ...] in the order the routes were added: the most specific first.
  const [first] = (router.match(method.toUpperCase(), path) as [[Trigger, Record<string, string>][]])[0];
  if (!first) return null;
  const params = Object.fromEntries(Object.entries(first[1]).map(([k, v]) => [k, decoded(v)]));
  return { trigger: first[0], params };
}
