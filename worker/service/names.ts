/**
 * Names and ARNs: the rules AWS applies, checked before anything is stored or a Durable Object is
 * asked, and this runtime's region and account (vars AWS_REGION, AWS_ACCOUNT_ID) applied to the ARN
 * formats of shared/api/arns.ts. Everything in the worker builds and reads ARNs through here.
 */
import * as arns from "../../shared/api/arns.ts";
import { parseMapRunArn } from "../../shared/asl/distributed/names.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../errors.ts";

// Stricter than AWS (which allows most printable Unicode except whitespace, brackets, wildcards and
// `"#%\^|~`$&,;:/`): names sit unescaped inside ARNs and URLs, so only these are allowed.
const NAME = /^[A-Za-z0-9_-]{1,80}$/;

export type NameKind = "state machine" | "execution" | "activity" | "alias";

/** Throws InvalidName unless `name` is 1..80 of `A-Z a-z 0-9 _ -`. */
export function checkName(kind: NameKind, name: unknown): string {
  if (typeof name !== "string" || !NAME.test(name)) {
    const shown = typeof name === "string" ? JSON.stringify(name.length > 100 ? `${name.slice(0, 100)}...` : name) : String(name);
    throw new ApiError(400, "InvalidName", `Invalid ${kind} name ${shown}: use 1 to 80 characters of A-Z, a-z, 0-9, '-' and '_'.`);
  }
  return name;
}

/** The vars that place this runtime's ARNs. */
export type PlaceVars = Pick<Env, "AWS_REGION" | "AWS_ACCOUNT_ID">;

export const placeOf = (env: PlaceVars): arns.Place => ({
  region: env.AWS_REGION || "us-east-1",
  account: env.AWS_ACCOUNT_ID || "123456789012",
});

export const stateMachineArn = (env: PlaceVars, name: string): string => arns.stateMachineArn(placeOf(env), name);

export const executionArn = (env: PlaceVars, machine: string, name: string): string => arns.executionArn(placeOf(env), machine, name);

export const expressExecutionArn = (env: PlaceVars, machine: string, name: string, id: string = crypto.randomUUID()): string =>
  arns.expressExecutionArn(placeOf(env), machine, name, id);

export const activityArn = (env: PlaceVars, name: string): string => arns.activityArn(placeOf(env), name);

/** The role executions run as when none is given (nothing here assumes it; AWS requires one). */
export function defaultRoleArn(env: PlaceVars, machine: string): string {
  return `arn:aws:iam::${placeOf(env).account}:role/StepFunctions-${machine}-role`;
}

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z0-9-]+$/;

const SHAPES: Record<"stateMachine" | "execution" | "activity", string> = {
  stateMachine: "stateMachine:<name>",
  execution: "execution:<stateMachineName>:<executionName>",
  activity: "activity:<name>",
};

/** The parts of a well-formed ARN of this kind (any region or account); InvalidArn otherwise. */
function parse(arn: string, kind: "stateMachine" | "execution"): arns.ParsedArn {
  const p = arns.parseArn(arn);
  const names = p ? [p.name, ...(p.execution === undefined ? [] : [p.execution])] : [];
  // a Distributed Map's child runs as `<machine>/<label>`
  const valid = (n: string, i: number) =>
    NAME.test(n) || (kind === "execution" && i === 0 && n.split("/").length === 2 && n.split("/").every((x) => NAME.test(x)));
  if (!p || p.kind !== kind || !REGION.test(p.region) || !ACCOUNT.test(p.account) || !names.every(valid)) {
    throw new ApiError(
      400,
      "InvalidArn",
      `Invalid ${kind} ARN ${JSON.stringify(arn)}: expected arn:aws:states:<region>:<account>:${SHAPES[kind]}.`,
    );
  }
  return p;
}

const ours = (env: PlaceVars, p: arns.Place): boolean => {
  const here = placeOf(env);
  return p.region === here.region && p.account === here.account;
};

/** The state machine's name from its ARN; null when the ARN is well formed but of another region or account. */
export function parseStateMachineArn(env: PlaceVars, arn: string): string | null {
  const p = parse(arn, "stateMachine");
  return ours(env, p) ? p.name : null;
}

/** [machine, execution] from an execution ARN; null when it belongs to another region or account. */
export function parseExecutionArn(env: PlaceVars, arn: string): [string, string] | null {
  const p = parse(arn, "execution");
  return ours(env, p) ? [p.name, p.execution as string] : null;
}

/** A state machine given by name or by ARN: its name, or null when the ARN is not one of ours. */
export function machineName(env: PlaceVars, ref: string): string | null {
  return ref.startsWith("arn:") ? parseStateMachineArn(env, ref) : checkName("state machine", ref);
}

/** Express executions keep nothing to describe, stop or page through. */
export const isExpressExecutionArn = (arn: string): boolean => arns.parseArn(arn)?.kind === "express";

/**
 * The activity's name in an ARN of this runtime's region and account; null for a well-formed activity
 * ARN of another region or account (no such activity here), or a name that cannot exist.
 */
export function activityOfArn(env: PlaceVars, arn: string): string | null {
  const p = arns.parseArn(arn);
  return p && p.kind === "activity" && NAME.test(p.name) && ours(env, p) ? p.name : null;
}

/** An activity given by name or ARN (as the routes take it): its name, or null for an ARN not of ours. */
export function activityRef(env: PlaceVars, ref: string): string | null {
  if (!ref.startsWith("arn:")) return checkName("activity", ref);
  if (arns.parseArn(ref)?.kind !== "activity") {
    throw new ApiError(
      400,
      "InvalidArn",
      `Invalid activity ARN ${JSON.stringify(ref)}: expected arn:aws:states:<region>:<account>:${SHAPES.activity}.`,
    );
  }
  return activityOfArn(env, ref);
}

/**
 * The parts of a Map Run ARN (`arn:aws:states:<region>:<account>:mapRun:<machine>/<label>:<id>`), InvalidArn when
 * malformed; `ours` is false for one of another region or account (no such Map Run here).
 */
export function parseMapRun(env: PlaceVars, arn: string): { machineArn: string; label: string; id: string; ours: boolean } {
  const m = parseMapRunArn(arn);
  const p = m && arns.parseArn(m.machineArn);
  if (!m || !p || !REGION.test(p.region) || !ACCOUNT.test(p.account)) {
    const shown = JSON.stringify(arn.length > 300 ? `${arn.slice(0, 300)}...` : arn);
    throw new ApiError(
      400,
      "InvalidArn",
      `Invalid Map Run ARN ${shown}: expected arn:aws:states:<region>:<account>:mapRun:<machine>/<label>:<id>.`,
    );
  }
  return { ...m, ours: ours(env, p) };
}

/** A state machine, or one of its versions or aliases: `name`, `name:<n>`, `name:<alias>` or such an ARN. */
export interface MachineRef {
  name: string;
  version?: number;
  alias?: string;
}

const VERSION = /^[1-9][0-9]{0,9}$/;

/** Alias names are names that are not numbers (a number after the machine's name is a version). */
export function checkAliasName(name: unknown): string {
  if (typeof name === "string" && /^[0-9]+$/.test(name)) {
    throw new ApiError(400, "InvalidName", `Invalid alias name ${JSON.stringify(name)}: an alias name cannot be only digits.`);
  }
  return checkName("alias", name);
}

function qualifier(q: string, ref: string): { version: number } | { alias: string } {
  if (VERSION.test(q)) return { version: Number(q) };
  if (NAME.test(q) && !/^[0-9]+$/.test(q)) return { alias: q };
  throw new ApiError(
    400,
    "InvalidArn",
    `Invalid state machine ARN ${JSON.stringify(ref)}: expected ` +
      "arn:aws:states:<region>:<account>:stateMachine:<name>[:<version or alias>].",
  );
}

/** A state machine ARN, maybe qualified with a version number or an alias name; null when not of this region or account. */
export function parseQualifiedArn(env: PlaceVars, arn: string): MachineRef | null {
  const parts = arn.split(":");
  if (parts.length !== 8 || parts[5] !== "stateMachine") {
    const name = parseStateMachineArn(env, arn);
    return name === null ? null : { name };
  }
  const name = parseStateMachineArn(env, parts.slice(0, 7).join(":"));
  const q = qualifier(parts[7], arn);
  return name === null ? null : { name, ...q };
}

/** A machine reference as the routes and StartExecution take it: a name or ARN, maybe qualified; null for an ARN not of ours. */
export function machineRef(env: PlaceVars, ref: string): MachineRef | null {
  if (ref.startsWith("arn:")) return parseQualifiedArn(env, ref);
  const i = ref.indexOf(":");
  if (i < 0) return { name: checkName("state machine", ref) };
  return { name: checkName("state machine", ref.slice(0, i)), ...qualifier(ref.slice(i + 1), ref) };
}

export const versionArn = (env: PlaceVars, machine: string, version: number): string => `${stateMachineArn(env, machine)}:${version}`;

export const aliasArn = (env: PlaceVars, machine: string, alias: string): string => `${stateMachineArn(env, machine)}:${alias}`;
