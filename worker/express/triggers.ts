/**
 * HTTP triggers: an EXPRESS state machine bound to a route of its own under /run (method and path,
 * path parameters as `:name`). Stored in D1 (migrations/0005_triggers.sql), one per machine.
 */
import type { Env } from "../env.ts";
import { ApiError } from "../errors.ts";

export type TriggerAuth = "none" | "token";
export const TRIGGER_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type TriggerMethod = (typeof TRIGGER_METHODS)[number];

export interface Trigger {
  stateMachine: string;
  method: TriggerMethod;
  /** relative to /run, e.g. `/orders/:id` */
  path: string;
  auth: TriggerAuth;
}

interface Row {
  state_machine: string;
  method: TriggerMethod;
  path: string;
  shape: string;
  auth: TriggerAuth;
}

const fromRow = (r: Row): Trigger => ({ stateMachine: r.state_machine, method: r.method, path: r.path, auth: r.auth });

const LITERAL = /^[A-Za-z0-9._~-]+$/;
const PARAM = /^:[A-Za-z_][A-Za-z0-9_]{0,63}$/;

const invalid = (message: string) => new ApiError(400, "ValidationException", message);

/** The binding a client asked for, checked: method, path (segments of `A-Za-z0-9._~-` or `:param`), auth. */
export function checkTrigger(stateMachine: string, req: { method?: unknown; path?: unknown; auth?: unknown }): Trigger {
  const method = typeof req.method === "string" ? req.method.toUpperCase() : req.method;
  if (!TRIGGER_METHODS.includes(method as TriggerMethod)) {
    throw invalid(`method must be one of ${TRIGGER_METHODS.join(", ")}, not ${JSON.stringify(req.method)}.`);
  }
  const path = req.path;
  if (typeof path !== "string" || !path.startsWith("/") || path.length > 256) {
    throw invalid(`path must be a string starting with '/', at most 256 characters (it is served under /run), not ${JSON.stringify(path)}.`);
  }
  const segments = path.split("/").slice(1);
  const names = new Set<string>();
  for (const s of segments) {
    if (PARAM.test(s)) {
      if (names.has(s)) throw invalid(`The path parameter ${s} appears twice in ${path}.`);
      names.add(s);
    } else if (!LITERAL.test(s)) {
      throw invalid(`Invalid path segment ${JSON.stringify(s)} in ${path}: use A-Z a-z 0-9 . _ ~ - or a parameter such as :id.`);
    }
  }
  const auth = req.auth === undefined || req.auth === null ? "token" : req.auth;
  if (auth !== "none" && auth !== "token") throw invalid(`auth must be "token" (the default) or "none", not ${JSON.stringify(req.auth)}.`);
  return { stateMachine, method: method as TriggerMethod, path, auth };
}

const shapeOf = (path: string) => path.split("/").map((s) => (s.startsWith(":") ? ":" : s)).join("/");

/** Store (or replace) a machine's trigger; ConflictException when another machine has the same route. */
export async function putTrigger(db: D1Database, t: Trigger): Promise<Trigger> {
  const shape = shapeOf(t.path);
  const taken = await db
    .prepare("SELECT * FROM triggers WHERE method = ?1 AND shape = ?2 AND state_machine != ?3")
    .bind(t.method, shape, t.stateMachine)
    .first<Row>();
  if (taken) {
    throw new ApiError(409, "ConflictException", `${t.method} /run${taken.path} already runs the state machine ${taken.state_machine}; delete that trigger first.`);
  }
  await db
    .prepare(
      `INSERT INTO triggers (state_machine, method, path, shape, auth, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
       ON CONFLICT (state_machine) DO UPDATE SET method = ?2, path = ?3, shape = ?4, auth = ?5`,
    )
    .bind(t.stateMachine, t.method, t.path, shape, t.auth, Date.now())
    .run();
  return t;
}

export async function getTrigger(db: D1Database, stateMachine: string): Promise<Trigger | null> {
  const r = await db.prepare("SELECT * FROM triggers WHERE state_machine = ?1").bind(stateMachine).first<Row>();
  return r ? fromRow(r) : null;
}

export async function deleteTrigger(db: D1Database, stateMachine: string): Promise<boolean> {
  const r = await db.prepare("DELETE FROM triggers WHERE state_machine = ?1").bind(stateMachine).run();
  return (r.meta.changes ?? 0) > 0;
}

/** The trigger serving `method path` (path relative to /run) and its parameters; literal segments win over parameters. */
export async function matchTrigger(db: D1Database, method: string, path: string): Promise<{ trigger: Trigger; params: Record<string, string> } | null> {
  const { results } = await db.prepare("SELECT * FROM triggers WHERE method = ?1").bind(method.toUpperCase()).all<Row>();
  const given = path.split("/").slice(1);
  let best: { trigger: Trigger; params: Record<string, string>; score: number } | null = null;
  for (const r of results) {
    const want = r.path.split("/").slice(1);
    if (want.length !== given.length) continue;
    const params: Record<string, string> = {};
    let score = 0;
    let ok = true;
    for (let i = 0; i < want.length && ok; i++) {
      if (want[i].startsWith(":")) {
        let v: string;
        try {
          v = decodeURIComponent(given[i]);
        } catch {
          v = given[i];
        }
        ok = given[i] !== "";
        params[want[i].slice(1)] = v;
      } else {
        ok = want[i] === given[i];
        // an earlier literal counts more: /a/:x beats /:y/b for /a/b
        score += 2 ** (want.length - i);
      }
    }
    if (ok && (!best || score > best.score)) best = { trigger: fromRow(r), params, score };
  }
  return best && { trigger: best.trigger, params: best.params };
}
