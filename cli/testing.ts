/**
 * A test helper for vitest and node:test: run a workflow in process and assert on what it did.
 *
 *   import { runWorkflow } from "asl-on-cloudflare/testing";
 *   const run = await runWorkflow("order-processing.asl.json", { input, handlers: { ValidateOrder: () => ({ isValid: true }) } });
 *   assert.equal(run.status, "SUCCEEDED");
 *   assert.deepEqual(run.path, ["ValidateOrder", "CheckValidation", ...]);
 *
 * Wait states and retry backoff take no time (a virtual clock). Tasks are answered as by `asl run`:
 * a test case's mocked responses (Step Functions Local's MockConfigFile), then handlers, then a POST
 * to an http(s) Resource; anything else fails the task with States.TaskFailed.
 */
import type { HistoryEvent, StateMachineType, TaskHandler } from "../shared/asl/index.ts";
import type { JSONValue } from "../shared/asl/types.ts";
import { execute } from "./execute.ts";
import { loadFile, type LoadedFile } from "./files.ts";
import { loadMockConfig, machineOf, testCaseOf } from "./mock-config.ts";
import { stateNamesOf } from "./execute.ts";

export interface WorkflowOptions {
  /** Execution input (default: the test case's Expectations.Input, else {}). */
  input?: JSONValue;
  /** By state name, then by resource; a thrown error's `name` is the task's error, its message the cause. */
  handlers?: Record<string, TaskHandler>;
  /** A MockConfigFile and one of its test cases (and its state machine, when it has several). */
  mockConfig?: string;
  testCase?: string;
  stateMachine?: string;
  type?: StateMachineType;
}

export interface WorkflowRun {
  status: "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED" | "RUNNING" | "PENDING_REDRIVE";
  output?: JSONValue;
  error?: string | null;
  cause?: string | null;
  /** Top-level states entered, in order. */
  path: string[];
  /** The history, as the engine records it (details beside id, type and timestamp). */
  events: HistoryEvent[];
  /** The output of the latest exit of a state (nested ones too), or undefined when it never exited. */
  outputOf(state: string): JSONValue | undefined;
}

/** Run a definition (a .json/.yaml path, or the definition itself) to its end. Bad input throws an Error naming it. */
export async function runWorkflow(definition: string | object, options: WorkflowOptions = {}): Promise<WorkflowRun> {
  const file: LoadedFile =
    typeof definition === "string"
      ? loadFile(definition)
      : { path: "definition", text: JSON.stringify(definition), value: definition as JSONValue, placeOf: () => ({ line: 1, column: 1 }) };
  let mocks;
  let input = options.input;
  if (options.mockConfig !== undefined) {
    if (options.testCase === undefined) throw new Error("runWorkflow: mockConfig needs testCase");
    const config = loadMockConfig(options.mockConfig);
    const machine = machineOf(config, options.stateMachine, typeof definition === "string" ? definition : undefined);
    mocks = { config, states: testCaseOf(config, machine, options.testCase, stateNamesOf(file.value)) };
    input ??= machine.expectations.get(options.testCase)?.input;
  }
  const r = await execute(file, input ?? {}, { type: options.type, mocks, handlers: options.handlers });
  return {
    status: r.status,
    output: r.output,
    error: r.error,
    cause: r.cause,
    path: r.path,
    events: r.events,
    outputOf(state) {
      for (let i = r.events.length - 1; i >= 0; i--) {
        const e = r.events[i];
        if (e.type.endsWith("StateExited") && e.name === state) return e.output as JSONValue;
      }
      return undefined;
    },
  };
}
