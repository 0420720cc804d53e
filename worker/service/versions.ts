/**
 * State machine versions (PublishStateMachineVersion, ListStateMachineVersions, DeleteStateMachineVersion,
 * DescribeStateMachine on a version ARN), and what a start names: a machine, one of its versions or an
 * alias (resolved here to the version it routes this start to).
 */
import type { StateMachineDescription, StateMachineVersionDescription, StateMachineVersionListItem } from "../../shared/api/types.ts";
import { getStateMachine } from "../db/state-machines.ts";
import { decodeToken, encodeToken, pageSize } from "../db/paging.ts";
import * as db from "../db/versions.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../errors.ts";
import { machineNotFound } from "./lookups.ts";
import { aliasArn, checkName, machineRef, stateMachineArn, versionArn } from "./names.ts";

/** AWS's quota: 1,000 versions per state machine. */
export const MAX_VERSIONS = 1000;

const iso = (ms: number) => new Date(ms).toISOString();

/** A description of at most 256 characters (versions and aliases). */
export function checkDescription(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string" || v.length > 256) {
    throw new ApiError(400, "ValidationException", "description must be a string of at most 256 characters.");
  }
  return v;
}

/** revisionId as the machine answers it (its revision as text); INITIAL is revision 1, as AWS. Anything else matches nothing. */
function checkRevisionId(v: unknown): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== "string") throw new ApiError(400, "ValidationException", "revisionId must be a string.");
  if (v === "INITIAL") return 1;
  return /^[1-9][0-9]{0,9}$/.test(v) ? Number(v) : -1;
}

const conflict = (message: string) => new ApiError(409, "ConflictException", message);

/**
 * Publishes the machine's current revision as a version. Publishing a revision that already has a
 * version answers that version (created: false), as AWS does.
 */
export async function publishVersion(
  env: Env,
  machine: string,
  req: { revisionId?: unknown; description?: unknown },
): Promise<{ created: boolean; version: { stateMachineVersionArn: string; creationDate: string } }> {
  const name = checkName("state machine", machine);
  const description = checkDescription(req.description) ?? null;
  const revision = checkRevisionId(req.revisionId);
  const out = await db.publishVersion(env.DB, { machine: name, revision, description, now: Date.now(), max: MAX_VERSIONS });
  if (out === "no-machine") throw machineNotFound(stateMachineArn(env, name));
  if (out === "revision") {
    throw conflict(
      `The state machine's current revision is not ${JSON.stringify(req.revisionId)}: it changed; describe it and publish again.`,
    );
  }
  if (out === "quota") {
    throw new ApiError(
      402,
      "ServiceQuotaExceededException",
      `${stateMachineArn(env, name)} has ${MAX_VERSIONS} versions, the most it may have: delete unused ones first.`,
    );
  }
  const version = { stateMachineVersionArn: versionArn(env, name, out.row.version), creationDate: iso(out.row.created_at) };
  return { created: out.made, version };
}

const versionNotFound = (env: Env, name: string, version: number) =>
  new ApiError(404, "StateMachineDoesNotExist", `State machine version does not exist: ${versionArn(env, name, version)}`);

function described(env: Env, v: db.VersionRow, machineRole: string): StateMachineVersionDescription {
  const d: StateMachineVersionDescription = {
    stateMachineArn: versionArn(env, v.machine, v.version),
    name: v.machine,
    type: v.type,
    definition: v.definition,
    roleArn: v.role_arn ?? machineRole,
    status: "ACTIVE",
    revision: v.revision,
    revisionId: String(v.revision),
    creationDate: iso(v.created_at),
  };
  if (v.description !== null) d.description = v.description;
  return d;
}

/** A version as it was published (DescribeStateMachine on its ARN); StateMachineDoesNotExist when there is none. */
export async function describeVersion(env: Env, machine: string, version: number): Promise<StateMachineVersionDescription> {
  const name = checkName("state machine", machine);
  const v = await db.getVersion(env.DB, name, version);
  if (!v) throw versionNotFound(env, name, version);
  return described(env, v, "");
}

/** The version number in a path (`/versions/:n`); ValidationException otherwise. */
export function versionNumber(raw: string): number {
  if (!/^[1-9][0-9]{0,9}$/.test(raw))
    throw new ApiError(400, "ValidationException", `A version is a number from 1, not ${JSON.stringify(raw)}.`);
  return Number(raw);
}

export async function listVersions(
  env: Env,
  machine: string,
  q: { maxResults?: unknown; nextToken?: string },
): Promise<{ stateMachineVersions: StateMachineVersionListItem[]; nextToken?: string }> {
  const name = checkName("state machine", machine);
  const limit = pageSize(q.maxResults);
  const before = q.nextToken ? decodeToken(q.nextToken, { v: "number" }).v : undefined;
  if (!(await getStateMachine(env.DB, name))) throw machineNotFound(stateMachineArn(env, name));
  const { items, more } = await db.listVersions(env.DB, name, limit, before);
  const out: { stateMachineVersions: StateMachineVersionListItem[]; nextToken?: string } = {
    stateMachineVersions: items.map((v) => ({ stateMachineVersionArn: versionArn(env, name, v.version), creationDate: iso(v.created_at) })),
  };
  if (more) out.nextToken = encodeToken({ v: items[items.length - 1].version });
  return out;
}

/** Deletes a version (false: there was none); ConflictException while an alias routes to it. Running executions go on. */
export async function deleteVersion(env: Env, machine: string, version: number): Promise<boolean> {
  const name = checkName("state machine", machine);
  const out = await db.deleteVersion(env.DB, name, version);
  if (out === "routed") {
    throw conflict(`${versionArn(env, name, version)} is used by an alias: point the alias elsewhere or delete it first.`);
  }
  return out === "deleted";
}

/** Which version of an alias's one or two a start runs: the second with its weight's chance. */
export function pickRoute(a: Pick<db.AliasRow, "version1" | "weight1" | "version2">, random: () => number = Math.random): number {
  if (a.version2 === null) return a.version1;
  return random() * 100 < a.weight1 ? a.version1 : a.version2;
}

/** What a start runs: the machine (as a version, its copy) and the version and alias it was named by. */
export interface RunTarget {
  sm: StateMachineDescription;
  versionArn?: string;
  aliasArn?: string;
}

/** The machine, version or alias a start names (name or ARN, maybe `:<n>` or `:<alias>`); StateMachineDoesNotExist when absent. */
export async function resolveTarget(env: Env, ref: string): Promise<RunTarget> {
  const r = machineRef(env, ref);
  const sm = r === null ? null : await getStateMachine(env.DB, r.name);
  if (!r || !sm) throw machineNotFound(ref);
  if (r.version === undefined && r.alias === undefined) return { sm };
  const target: Omit<RunTarget, "sm"> = {};
  let version = r.version;
  if (r.alias !== undefined) {
    const alias = await db.getAlias(env.DB, r.name, r.alias);
    if (!alias) throw machineNotFound(ref);
    version = pickRoute(alias);
    target.aliasArn = aliasArn(env, r.name, r.alias);
  }
  const v = await db.getVersion(env.DB, r.name, version as number);
  if (!v) throw machineNotFound(r.alias === undefined ? ref : versionArn(env, r.name, version as number));
  target.versionArn = versionArn(env, r.name, v.version);
  const copy: StateMachineDescription = {
    ...sm,
    type: v.type,
    definition: v.definition,
    roleArn: v.role_arn ?? sm.roleArn,
    revision: v.revision,
    updateDate: iso(v.revision_date),
  };
  return { sm: copy, ...target };
}

/**
 * CreateStateMachine / UpdateStateMachine with `publish: true`: the version of the machine's revision
 * now (a new one, or the one it has), with `versionDescription`; a versionDescription without publish
 * is refused, as AWS.
 */
export async function publishIfAsked(
  env: Env,
  machine: string,
  req: { publish?: unknown; versionDescription?: unknown },
): Promise<string | undefined> {
  checkPublish(req);
  if (req.publish !== true) return undefined;
  return (await publishVersion(env, machine, { description: req.versionDescription })).version.stateMachineVersionArn;
}

/** The checks publishIfAsked makes before anything is written (so a bad request changes nothing). */
export function checkPublish(req: { publish?: unknown; versionDescription?: unknown }): void {
  if (req.publish !== undefined && req.publish !== null && typeof req.publish !== "boolean") {
    throw new ApiError(400, "ValidationException", "publish must be true or false.");
  }
  if (checkDescription(req.versionDescription) !== undefined && req.publish !== true) {
    throw new ApiError(400, "ValidationException", "versionDescription requires publish: true.");
  }
}
