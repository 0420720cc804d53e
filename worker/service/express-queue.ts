/**
 * Asynchronous Express starts (StartExecution on an EXPRESS machine), at-least-once: the start is
 * handed to the EXPRESS_STARTS queue and answered at once; the queue consumer
 * (worker/consumers/express-starts.ts) runs it as a sync execution is run (./express.ts).
 */
import type { StartExecutionResponse, StateMachineDescription } from "../../shared/api/types.ts";
import { spillInput } from "../db/express-inputs.ts";
import type { Env } from "../env.ts";
import { expressExecutionArn } from "./names.ts";

/** What a queue message carries. The input rides along (inputs are at most 256 KiB; see MAX_INLINE). */
export interface ExpressStart {
  executionArn: string;
  name: string;
  stateMachineName: string;
  input: string;
  startDate: string;
  /** The input was too large for a message: it waits in D1 (express_inputs) under the execution ARN. */
  spilled?: true;
  /** Started with a version's or an alias's ARN: the version to run (else the machine's current definition). */
  version?: number;
}

// A queue message holds at most 128 KB; leave room for the other fields.
const MAX_INLINE = 100 * 1024;

/** Express executions keep no history: their start and end are logged as JSON lines. */
export function logExpress(fields: Record<string, unknown>): void {
  console.log(JSON.stringify(fields));
}

/** Hand an Express start to the queue; `input` is checked JSON text. */
export async function enqueueExpressStart(
  env: Env,
  target: { sm: StateMachineDescription; versionArn?: string },
  name: string,
  input: string,
): Promise<StartExecutionResponse> {
  const { sm } = target;
  const executionArn = expressExecutionArn(env, sm.name, name);
  const startDate = new Date().toISOString();
  const message: ExpressStart = { executionArn, name, stateMachineName: sm.name, input, startDate };
  if (target.versionArn) message.version = Number(target.versionArn.slice(target.versionArn.lastIndexOf(":") + 1));
  if (input.length * 3 > MAX_INLINE && new TextEncoder().encode(input).length > MAX_INLINE) {
    await spillInput(env.DB, executionArn, input, Date.now());
    message.input = "";
    message.spilled = true;
  }
  await env.EXPRESS_STARTS.send(message, { contentType: "json" });
  logExpress({ event: "ExpressExecutionQueued", executionArn, stateMachineArn: sm.stateMachineArn, startDate });
  return { executionArn, startDate };
}
