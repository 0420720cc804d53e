/** Names and ARNs: the rules AWS applies, checked before anything is stored or a Durable Object is asked. */
import type { Env } from "../../env.ts";
import { ApiError } from "../../errors.ts";

// Stricter than AWS (which allows most printable Unicode except whitespace, brackets, wildcards and
// `"#%\^|~`$&,;:/`): names sit unescaped inside ARNs and URLs, so only these are allowed.
const NAME = /^[A-Za-z0-9_-]{1,80}$/;

/** Throws InvalidName unless `name` is 1..80 of `A-Z a-z 0-9 _ -`. */
export function checkName(kind: "state machine" | "execution", name: unknown): string {
  if (typeof name !== "string" || !NAME.test(name)) {
    const shown = typeof name === "string" ? JSON.stringify(name.length > 100 ? `${name.slice(0, 100)}...` : name) : String(name);
    throw new ApiError(
      400,
      "InvalidName",
      `Invalid ${kind} name ${shown}: use 1 to 80 characters of A-Z, a-z, 0-9, '-' and '_'.`,
    );
  }
  return name;
}

export function arnPrefix(env: Env): string {
  return `arn:aws:states:${env.AWS_REGION || "us-east-1"}:${env.AWS_ACCOUNT_ID || "123456789012"}`;
}

export function stateMachineArn(env: Env, name: string): string {
  return `${arnPrefix(env)}:stateMachine:${name}`;
}

export function executionArn(env: Env, machine: string, name: string): string {
  return `${arnPrefix(env)}:execution:${machine}:${name}`;
}

/** The role executions run as when none is given (nothing here assumes it; AWS requires one). */
export function defaultRoleArn(env: Env, machine: string): string {
  return `arn:aws:iam::${env.AWS_ACCOUNT_ID || "123456789012"}:role/StepFunctions-${machine}-role`;
}

const ARN = /^arn:aws:states:([a-z0-9-]+):(\d{12}):(stateMachine|execution):([^:]+)(?::([^:]+))?$/;

function parse(arn: string, kind: "stateMachine" | "execution"): string[] {
  const m = ARN.exec(arn);
  const parts = m ? (m[5] === undefined ? [m[4]] : [m[4], m[5]]) : [];
  if (!m || m[3] !== kind || parts.length !== (kind === "execution" ? 2 : 1) || !parts.every((p) => NAME.test(p))) {
    const shape = kind === "execution" ? "execution:<stateMachineName>:<executionName>" : "stateMachine:<name>";
    throw new ApiError(400, "InvalidArn", `Invalid ${kind} ARN ${JSON.stringify(arn)}: expected arn:aws:states:<region>:<account>:${shape}.`);
  }
  return parts;
}

/** The state machine's name from its ARN; null when the ARN is well formed but of another region or account. */
export function parseStateMachineArn(env: Env, arn: string): string | null {
  const parts = parse(arn, "stateMachine");
  return arn === stateMachineArn(env, parts[0]) ? parts[0] : null;
}

/** [machine, execution] from an execution ARN; null when it belongs to another region or account. */
export function parseExecutionArn(env: Env, arn: string): [string, string] | null {
  const parts = parse(arn, "execution");
  return arn === executionArn(env, parts[0], parts[1]) ? [parts[0], parts[1]] : null;
}

/** A state machine given by name or by ARN: its name, or null when the ARN is not one of ours. */
export function machineName(env: Env, ref: string): string | null {
  return ref.startsWith("arn:") ? parseStateMachineArn(env, ref) : checkName("state machine", ref);
}
