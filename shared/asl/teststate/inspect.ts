/**
 * TestState's inspectionData (DEBUG and TRACE levels): the state's data after each step of its
 * input and output processing. JSONPath steps are worked out by running one-step Pass states on
 * the engine (InputPath, then Parameters, ResultSelector, ResultPath), so they follow the engine's
 * own path rules; JSONata states report their input, Arguments, result and variables.
 */
import type { JSONObject, JSONValue } from "../index.ts";
import { drive, type DriveOptions, type Driven } from "./drive.ts";
import { compileTest } from "./machine.ts";
import type { Prepared } from "./prepare.ts";
import type { InspectionData, InspectionErrorDetails } from "./types.ts";

const text = (v: JSONValue) => JSON.stringify(v);

export interface InspectRun {
  run?: Driven;
  /** The task's result (mocked or returned), when it returned one. */
  result?: JSONValue;
  succeeded: boolean;
  opts: Omit<DriveOptions, "answer">;
}

/** The output of a one-state JSONPath Pass machine, or undefined when it fails. */
async function step(pass: JSONObject, input: JSONValue, opts: InspectRun["opts"]): Promise<JSONValue | undefined> {
  try {
    const m = compileTest({ StartAt: "Step", States: { Step: { ...pass, Type: "Pass", QueryLanguage: "JSONPath", End: true } } });
    const r = await drive(m, input, { ...opts, answer: () => ({ error: "States.Runtime", cause: "no task here" }) });
    return r.kind === "succeeded" ? r.output : undefined;
  } catch {
    return undefined;
  }
}

export async function inspect(p: Prepared, x: InspectRun, data: InspectionData, details: InspectionErrorDetails): Promise<InspectionData> {
  const s = p.state;
  const type = s.Type;
  const out: InspectionData = { input: text(p.input) };
  if (s.QueryLanguage === "JSONata") {
    if (type === "Task" && x.run && "taskInput" in x.run && x.run.taskInput !== undefined) out.afterArguments = text(x.run.taskInput);
    if (type === "Task" && x.result !== undefined) out.result = text(x.result);
  } else await jsonPathSteps(p, x, out);
  if (x.run?.kind === "next" && Object.keys(x.run.vars).length) out.variables = text(x.run.vars);
  else if (p.variables && Object.keys(p.variables).length) out.variables = text(p.variables);
  Object.assign(out, data);
  if (Object.keys(details).length) out.errorDetails = details;
  return out;
}

async function jsonPathSteps(p: Prepared, x: InspectRun, out: InspectionData): Promise<void> {
  const s = p.state;
  const type = s.Type;
  const hasResult = type === "Pass" && "Result" in s;
  let current: JSONValue | undefined = p.input;
  if (type !== "Parallel" && !hasResult) {
    current = "InputPath" in s ? await step({ InputPath: s.InputPath }, p.input, x.opts) : p.input;
    if (current === undefined) return;
    out.afterInputPath = text(current);
  }
  if (type === "Map" && current !== undefined) {
    const items = "ItemsPath" in s ? await step({ InputPath: s.ItemsPath }, current, x.opts) : current;
    if (Array.isArray(items)) out.afterItemsPath = text(items);
  }
  if (type === "Task" && x.run && "taskInput" in x.run && x.run.taskInput !== undefined) out.afterParameters = text(x.run.taskInput);
  if (type === "Pass" && !hasResult) {
    current = "Parameters" in s ? await step({ Parameters: s.Parameters }, current, x.opts) : current;
    if (current === undefined) return;
    out.afterParameters = text(current);
  }
  if (!x.succeeded || type === "Choice" || type === "Succeed" || type === "Wait" || type === "Fail") return;
  let result: JSONValue | undefined = hasResult ? s.Result : type === "Pass" ? current : x.result;
  if (result === undefined) return;
  if (hasResult || type === "Task") out.result = text(result);
  if ("ResultSelector" in s) result = await step({ Parameters: s.ResultSelector }, result, x.opts);
  if (result === undefined) return;
  out.afterResultSelector = text(result);
  const after = await step({ Result: result, ...("ResultPath" in s ? { ResultPath: s.ResultPath } : {}) }, p.input, x.opts);
  if (after !== undefined) out.afterResultPath = text(after);
}
