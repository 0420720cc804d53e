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
    const machine = compileTest({ StartAt: "Step", States: { Step: { ...pass, Type: "Pass", QueryLanguage: "JSONPath", End: true } } });
    const driven = await drive(machine, input, { ...opts, answer: () => ({ error: "States.Runtime", cause: "no task here" }) });
    return driven.kind === "succeeded" ? driven.output : undefined;
  } catch {
    return undefined;
  }
}

/** The input the run handed its task, when it handed one out. */
function taskInputOf(run: Driven | undefined): JSONValue | undefined {
  return run && "taskInput" in run ? run.taskInput : undefined;
}

export async function inspect(
  prepared: Prepared,
  facts: InspectRun,
  data: InspectionData,
  details: InspectionErrorDetails,
): Promise<InspectionData> {
  const state = prepared.state;
  const type = state.Type;
  const out: InspectionData = { input: text(prepared.input) };
  if (state.QueryLanguage === "JSONata") {
    const taskInput = taskInputOf(facts.run);
    if (type === "Task" && taskInput !== undefined) out.afterArguments = text(taskInput);
    if (type === "Task" && facts.result !== undefined) out.result = text(facts.result);
  } else await jsonPathSteps(prepared, facts, out);
  if (facts.run?.kind === "next" && Object.keys(facts.run.vars).length) out.variables = text(facts.run.vars);
  else if (prepared.variables && Object.keys(prepared.variables).length) out.variables = text(prepared.variables);
  Object.assign(out, data);
  if (Object.keys(details).length) out.errorDetails = details;
  return out;
}

async function jsonPathSteps(prepared: Prepared, facts: InspectRun, out: InspectionData): Promise<void> {
  const state = prepared.state;
  const type = state.Type;
  const hasResult = type === "Pass" && "Result" in state;
  let current: JSONValue | undefined = prepared.input;
  if (type !== "Parallel" && !hasResult) {
    current = "InputPath" in state ? await step({ InputPath: state.InputPath }, prepared.input, facts.opts) : prepared.input;
    if (current === undefined) return;
    out.afterInputPath = text(current);
  }
  if (type === "Map" && current !== undefined) {
    const items = "ItemsPath" in state ? await step({ InputPath: state.ItemsPath }, current, facts.opts) : current;
    if (Array.isArray(items)) out.afterItemsPath = text(items);
  }
  const taskInput = taskInputOf(facts.run);
  if (type === "Task" && taskInput !== undefined) out.afterParameters = text(taskInput);
  if (type === "Pass" && !hasResult) {
    current = "Parameters" in state ? await step({ Parameters: state.Parameters }, current, facts.opts) : current;
    if (current === undefined) return;
    out.afterParameters = text(current);
  }
  if (!facts.succeeded || type === "Choice" || type === "Succeed" || type === "Wait" || type === "Fail") return;
  let result: JSONValue | undefined = hasResult ? state.Result : type === "Pass" ? current : facts.result;
  if (result === undefined) return;
  if (hasResult || type === "Task") out.result = text(result);
  if ("ResultSelector" in state) result = await step({ Parameters: state.ResultSelector }, result, facts.opts);
  if (result === undefined) return;
  out.afterResultSelector = text(result);
  const resultPath: JSONObject = "ResultPath" in state ? { ResultPath: state.ResultPath } : {};
  const after = await step({ Result: result, ...resultPath }, prepared.input, facts.opts);
  if (after !== undefined) out.afterResultPath = text(after);
}
