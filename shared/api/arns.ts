/**
 * The ARNs of the API, built and read in one place (the worker, a console and the CLI all need them):
 *
 *   arn:aws:states:<region>:<account>:stateMachine:<machine>
 *   arn:aws:states:<region>:<account>:execution:<machine>:<execution>
 *   arn:aws:states:<region>:<account>:express:<machine>:<execution>:<uuid>
 *   arn:aws:states:<region>:<account>:activity:<activity>
 *
 * Names are checked by the worker's application layer (worker/service/names.ts) before they get here.
 */

/** Where the runtime's resources live: a region and an account, as AWS shows them in ARNs. */
export interface Place {
  region: string;
  account: string;
}

export type ArnKind = "stateMachine" | "execution" | "express" | "activity";

/** The parts of one of our ARNs. */
export interface ParsedArn extends Place {
  kind: ArnKind;
  /** The state machine (stateMachine, execution, express) or the activity. */
  name: string;
  /** execution, express: the execution's name. */
  execution?: string;
  /** express: the run's UUID. */
  id?: string;
}

export const arnPrefix = (p: Place): string => `arn:aws:states:${p.region}:${p.account}`;

export const stateMachineArn = (p: Place, machine: string): string => `${arnPrefix(p)}:stateMachine:${machine}`;

export const executionArn = (p: Place, machine: string, name: string): string => `${arnPrefix(p)}:execution:${machine}:${name}`;

/** An Express execution's ARN, as AWS names them: no two runs share one, even with the same name. */
export const expressExecutionArn = (p: Place, machine: string, name: string, id: string): string =>
  `${arnPrefix(p)}:express:${machine}:${name}:${id}`;

export const activityArn = (p: Place, name: string): string => `${arnPrefix(p)}:activity:${name}`;

/** The ARN of an execution of the state machine `machineArn` (any region or account). */
export function executionArnOf(machineArn: string, name: string): string {
  return `${machineArn.replace(":stateMachine:", ":execution:")}:${name}`;
}

const PARTS: Record<ArnKind, number> = { stateMachine: 1, execution: 2, express: 3, activity: 1 };

/**
 * The parts of a state machine, execution, Express execution or activity ARN; null for anything else
 * (names are not checked here).
 */
export function parseArn(arn: string): ParsedArn | null {
  const parts = arn.split(":");
  if (parts.length < 7 || parts[0] !== "arn" || parts[1] !== "aws" || parts[2] !== "states") return null;
  const [, , , region, account, kind, ...names] = parts;
  if (!Object.hasOwn(PARTS, kind) || names.length !== PARTS[kind as ArnKind] || names.some((n) => n === "")) return null;
  const out: ParsedArn = { region, account, kind: kind as ArnKind, name: names[0] };
  if (names.length > 1) out.execution = names[1];
  if (names.length > 2) out.id = names[2];
  return out;
}
