/**
 * State machine aliases (CreateStateMachineAlias, DescribeStateMachineAlias, UpdateStateMachineAlias,
 * DeleteStateMachineAlias, ListStateMachineAliases): a name that routes each start to one of one or
 * two versions of its machine, by weight. Starting through one: ./versions.ts (resolveTarget).
 */
import type { RoutingConfig, StateMachineAliasDescription, StateMachineAliasListItem } from "../../shared/api/types.ts";
import { getStateMachine } from "../db/state-machines.ts";
import { decodeToken, encodeToken, pageSize } from "../db/paging.ts";
import * as db from "../db/versions.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../errors.ts";
import { machineNotFound } from "./lookups.ts";
import { aliasArn, checkAliasName, machineRef, stateMachineArn, versionArn } from "./names.ts";
import { checkDescription } from "./versions.ts";

/** AWS's quota: 100 aliases per state machine. */
export const MAX_ALIASES = 100;

const iso = (ms: number) => new Date(ms).toISOString();
const invalid = (message: string) => new ApiError(400, "ValidationException", message);
const notFound = (what: string) => new ApiError(404, "ResourceNotFound", `Resource not found: ${what}`);

/** The machine and alias an alias ARN names (InvalidArn for any other ARN); null when of another region or account. */
export function aliasOfArn(env: Env, arn: string): { machine: string; alias: string } | null {
  const r = machineRef(env, arn);
  if (r && r.alias === undefined) {
    throw new ApiError(400, "InvalidArn", `Invalid alias ARN ${JSON.stringify(arn)}: expected ...:stateMachine:<name>:<alias>.`);
  }
  return r && { machine: r.name, alias: r.alias as string };
}

/** routingConfiguration checked: one or two distinct versions of one machine that exist, integer weights summing to 100. */
async function checkRouting(env: Env, raw: unknown, machine?: string): Promise<{ machine: string; routes: [number, number][] }> {
  if (!Array.isArray(raw) || raw.length < 1 || raw.length > 2) {
    throw invalid("routingConfiguration must list one or two {stateMachineVersionArn, weight}.");
  }
  const routes: [number, number][] = [];
  let owner = machine;
  for (const item of raw as { stateMachineVersionArn?: unknown; weight?: unknown }[]) {
    const { stateMachineVersionArn: arn, weight } = item ?? {};
    if (typeof arn !== "string") throw invalid("Each route needs stateMachineVersionArn, a version's ARN.");
    if (typeof weight !== "number" || !Number.isInteger(weight) || weight < 0 || weight > 100) {
      throw invalid(`A route's weight is an integer from 0 to 100, not ${JSON.stringify(weight)}.`);
    }
    const r = machineRef(env, arn);
    if (r && r.version === undefined) throw new ApiError(400, "InvalidArn", `Not a state machine version ARN: ${arn}`);
    if (!r) throw notFound(arn);
    if (owner !== undefined && r.name !== owner) throw invalid("The versions of an alias must be versions of its own state machine.");
    owner = r.name;
    if (routes.some(([v]) => v === r.version)) throw invalid("The two routes of an alias must be two different versions.");
    if (!(await db.getVersion(env.DB, r.name, r.version as number))) throw notFound(versionArn(env, r.name, r.version as number));
    routes.push([r.version as number, weight]);
  }
  if (routes.reduce((n, [, w]) => n + w, 0) !== 100) throw invalid("The weights of an alias's routes must add up to 100.");
  return { machine: owner as string, routes };
}

const routesOf = (a: db.AliasRow): [number, number][] =>
  a.version2 === null
    ? [[a.version1, a.weight1]]
    : [
        [a.version1, a.weight1],
        [a.version2, a.weight2 as number],
      ];

function described(env: Env, a: db.AliasRow): StateMachineAliasDescription {
  const routingConfiguration: RoutingConfig[] = routesOf(a).map(([v, weight]) => ({
    stateMachineVersionArn: versionArn(env, a.machine, v),
    weight,
  }));
  const d: StateMachineAliasDescription = {
    stateMachineAliasArn: aliasArn(env, a.machine, a.name),
    name: a.name,
    routingConfiguration,
    creationDate: iso(a.created_at),
    updateDate: iso(a.updated_at),
  };
  if (a.description !== null) d.description = a.description;
  return d;
}

/** Creates an alias; the same request again answers the existing one (created: false), another one ConflictException. */
export async function createAlias(
  env: Env,
  req: { name?: unknown; description?: unknown; routingConfiguration?: unknown },
  machine?: string,
): Promise<{ created: boolean; alias: StateMachineAliasDescription }> {
  const name = checkAliasName(req.name);
  const description = checkDescription(req.description) ?? null;
  if (machine !== undefined && !(await getStateMachine(env.DB, machine))) throw machineNotFound(stateMachineArn(env, machine));
  const { machine: owner, routes } = await checkRouting(env, req.routingConfiguration, machine);
  const made = await db.insertAlias(env.DB, owner, name, { description, routes, now: Date.now() }, MAX_ALIASES);
  if (made) return { created: true, alias: described(env, made) };
  const existing = await db.getAlias(env.DB, owner, name);
  if (!existing) {
    throw new ApiError(
      402,
      "ServiceQuotaExceededException",
      `${stateMachineArn(env, owner)} has ${MAX_ALIASES} aliases, the most it may have.`,
    );
  }
  if (existing.description === description && JSON.stringify(routesOf(existing)) === JSON.stringify(routes)) {
    return { created: false, alias: described(env, existing) };
  }
  throw new ApiError(409, "ConflictException", `The alias ${aliasArn(env, owner, name)} exists already, configured otherwise.`);
}

export async function describeAlias(env: Env, machine: string, alias: string): Promise<StateMachineAliasDescription> {
  const found = await db.getAlias(env.DB, machine, alias);
  if (!found) throw notFound(aliasArn(env, machine, alias));
  return described(env, found);
}

/** Changes the description and/or the routing (at least one); ResourceNotFound when there is no such alias. */
export async function updateAlias(
  env: Env,
  machine: string,
  alias: string,
  req: { description?: unknown; routingConfiguration?: unknown },
): Promise<StateMachineAliasDescription> {
  const absent = (v: unknown) => v === undefined || v === null;
  if (absent(req.description) && absent(req.routingConfiguration)) {
    throw invalid("Give at least one of description or routingConfiguration to update an alias.");
  }
  if (!(await db.getAlias(env.DB, machine, alias))) throw notFound(aliasArn(env, machine, alias));
  const description = absent(req.description) ? undefined : (checkDescription(req.description) as string);
  const routes = absent(req.routingConfiguration) ? undefined : (await checkRouting(env, req.routingConfiguration, machine)).routes;
  const updated = await db.updateAlias(env.DB, machine, alias, { description, routes, now: Date.now() });
  if (!updated) throw notFound(aliasArn(env, machine, alias));
  return described(env, updated);
}

export async function deleteAlias(env: Env, machine: string, alias: string): Promise<void> {
  if (!(await db.deleteAlias(env.DB, machine, alias))) throw notFound(aliasArn(env, machine, alias));
}

/** A machine's aliases, newest first; given a version (`name:<n>` or its ARN), those that route to it. */
export async function listAliases(
  env: Env,
  ref: string,
  q: { maxResults?: unknown; nextToken?: string },
): Promise<{ stateMachineAliases: StateMachineAliasListItem[]; nextToken?: string }> {
  const r = machineRef(env, ref);
  if (r && r.alias !== undefined) throw new ApiError(400, "InvalidArn", `Give a state machine or version ARN, not an alias's: ${ref}`);
  const limit = pageSize(q.maxResults);
  const after = q.nextToken ? decodeToken(q.nextToken, { c: "number", n: "string" }) : undefined;
  if (!r || !(await getStateMachine(env.DB, r.name))) throw machineNotFound(ref);
  if (r.version !== undefined && !(await db.getVersion(env.DB, r.name, r.version))) throw notFound(ref);
  const { items, more } = await db.listAliases(env.DB, r.name, limit, {
    version: r.version,
    after: after && { created: after.c, name: after.n },
  });
  const out: { stateMachineAliases: StateMachineAliasListItem[]; nextToken?: string } = {
    stateMachineAliases: items.map((a) => ({ stateMachineAliasArn: aliasArn(env, r.name, a.name), creationDate: iso(a.created_at) })),
  };
  const last = items[items.length - 1];
  if (more) out.nextToken = encodeToken({ c: last.created_at, n: last.name });
  return out;
}
