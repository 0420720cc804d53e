/**
 * Execution operations, shared by every front end. Everything a client sent is checked here, before
 * the execution's Durable Object is asked anything.
 */
import { readHistoryToken } from "../../history-token.ts";
import { inputProblem, MAX_PAYLOAD_BYTES, type JSONValue } from "../../../shared/asl/index.ts";
import type {
  ExecutionDescription,
  HistoryPage,
  StartExecutionResponse,
} from "../../../shared/api/types.ts";
import { getStateMachine, startArgsFor } from "../../db/state-machines.ts";
import { pageSize } from "../../db/paging.ts";
import type { Env } from "../../env.ts";
import { ApiError } from "../../errors.ts";
import type { ExecutionRpc, HistoryQuery } from "../../execution/contract.ts";
import { checkName, executionArn, parseExecutionArn } from "./names.ts";
import { notFound as machineNotFound } from "./state-machines.ts";
import { enqueueExpressStart } from "../../express/queue.ts";

// The object's RPC surface is the frozen contract; typing the stub by it keeps the routes
// independent of how the object is built.
const stub = (env: Env, arn: string) => env.EXECUTIONS.getByName(arn) as unknown as ExecutionRpc;

const notFound = (arn: string) => new ApiError(404, "ExecutionDoesNotExist", `Execution does not exist: ${arn}`);

function badInput(message: string): ApiError {
  return new ApiError(400, "InvalidExecutionInput", message);
}

/** The input as JSON text, refused when it is not JSON, over 256 KiB or nested too deeply. */
export function checkInput(input: string): string {
  // UTF-8 can take 3 bytes per UTF-16 unit; only measure exactly when it could matter.
  const bytes = input.length * 3 > MAX_PAYLOAD_BYTES ? new TextEncoder().encode(input).length : input.length;
  if (bytes > MAX_PAYLOAD_BYTES) {
    throw badInput(`The execution input is ${bytes} bytes; at most ${MAX_PAYLOAD_BYTES} (256 KiB) are allowed.`);
  }
  let value: JSONValue;
  try {
    value = JSON.parse(input) as JSONValue;
  } catch (e) {
    throw badInput(`The execution input is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const problem = inputProblem(value);
  if (problem) throw badInput(problem.cause);
  return input;
}

export async function startExecution(
  env: Env,
  machine: string,
  req: { name?: unknown; input?: string },
): Promise<StartExecutionResponse> {
  checkName("state machine", machine);
  const name = req.name === undefined || req.name === null ? crypto.randomUUID() : checkName("execution", req.name);
  const input = checkInput(req.input ?? "{}");
  const sm = await getStateMachine(env.DB, machine);
  if (!sm) throw machineNotFound(machine);
  // Express: no Durable Object; the start goes to a queue and runs at least once (worker/express).
  if (sm.type === "EXPRESS") return enqueueExpressStart(env, sm, name, input);
  const arn = executionArn(env, machine, name);
  const outcome = await stub(env, arn).start(startArgsFor(sm, arn, name, input));
  if (!outcome.ok) throw new ApiError(409, outcome.error, outcome.message);
  return { executionArn: outcome.executionArn, startDate: outcome.startDate };
}

/** The object for an execution ARN; ARNs of another region or account exist nowhere here. */
function objectFor(env: Env, arn: string): ExecutionRpc {
  // Express executions keep nothing to describe, stop or page through; AWS refuses their ARNs so.
  if (/^arn:aws:states:[^:]*:[^:]*:express:/.test(arn)) throw new ApiError(400, "InvalidArn", `Invalid Arn: 'Resource type not valid in this context: express' (${arn})`);
  if (!parseExecutionArn(env, arn)) throw notFound(arn);
  return stub(env, arn);
}

export async function describeExecution(env: Env, arn: string): Promise<ExecutionDescription> {
  const found = await objectFor(env, arn).describe();
  if (!found) throw notFound(arn);
  return found;
}

export async function stopExecution(
  env: Env,
  arn: string,
  req: { error?: unknown; cause?: unknown },
): Promise<{ stopDate: string }> {
  for (const [field, max] of [["error", 256], ["cause", 32768]] as const) {
    const v = req[field];
    if (v !== undefined && v !== null && (typeof v !== "string" || v.length > max)) {
      throw new ApiError(400, "ValidationException", `${field} must be a string of at most ${max} characters.`);
    }
  }
  const obj = objectFor(env, arn);
  const stopped = await obj.stop((req.error as string | undefined) ?? undefined, (req.cause as string | undefined) ?? undefined);
  if (stopped) return stopped;
  const found = await obj.describe();
  if (!found) throw notFound(arn);
  throw new ApiError(409, "ExecutionNotRunning", `Execution ${arn} is not running: it ended ${found.status}${found.stopDate ? ` at ${found.stopDate}` : ""}.`);
}

function flag(v: unknown, name: string): boolean | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  if (v === true || v === "true") return true;
  if (v === false || v === "false") return false;
  throw new ApiError(400, "ValidationException", `${name} must be true or false, not ${JSON.stringify(v)}.`);
}

export async function getExecutionHistory(
  env: Env,
  arn: string,
  q: { reverseOrder?: unknown; includeExecutionData?: unknown; maxResults?: unknown; nextToken?: string },
): Promise<HistoryPage> {
  const query: HistoryQuery = { maxResults: pageSize(q.maxResults) };
  const reverse = flag(q.reverseOrder, "reverseOrder");
  const data = flag(q.includeExecutionData, "includeExecutionData");
  if (reverse !== undefined) query.reverseOrder = reverse;
  if (data !== undefined) query.includeExecutionData = data;
  if (q.nextToken) {
    // refuse a token we never gave here, before asking the object (its refusal would be an RPC error)
    if (readHistoryToken(q.nextToken) === undefined)
      throw new ApiError(400, "InvalidToken", "The nextToken is not one this execution's history gave.");
    query.nextToken = q.nextToken;
  }
  const page = await objectFor(env, arn).history(query);
  if (!page) throw notFound(arn);
  return page;
}
