/** One execution of a definition file, as `asl run`, `asl test` and `runWorkflow` share it. */
import { compile, validate, type HistoryEvent, type RunResult, type StateMachineType } from "../shared/asl/index.ts";
import type { JSONValue } from "../shared/asl/types.ts";
import { graphOf } from "../shared/graph/index.ts";
import { drive } from "./drive.ts";
import { UsageError } from "./errors.ts";
import type { LoadedFile } from "./files.ts";
import { mockAnswers, type MockConfig } from "./mock-config.ts";
import { taskResolver, type Handlers } from "./tasks.ts";

/** Every state name of a definition, nested ones included. */
export const stateNamesOf = (definition: unknown): Set<string> => new Set(graphOf(definition).nodes.map((n) => n.state));

/** Names of the top-level states, in the order they were entered. */
export function pathOf(definition: unknown, events: HistoryEvent[]): string[] {
  const top = new Set(
    graphOf(definition)
      .nodes.filter((n) => n.group === undefined)
      .map((n) => n.state),
  );
  return events.filter((e) => e.type.endsWith("StateEntered") && top.has(e.name as string)).map((e) => e.name as string);
}

/** A definition file compiled, or a UsageError with its first diagnostics at their lines. */
export function compileFile(file: LoadedFile, type: StateMachineType = "STANDARD") {
  const { valid, diagnostics } = validate(file.text, { type });
  if (!valid) {
    const lines = diagnostics
      .filter((d) => d.severity === "ERROR")
      .map((d) => {
        const at = file.placeOf(d.location);
        return `${file.path}:${at.line}:${at.column}: ${d.code} at ${d.location}: ${d.message}`;
      });
    throw new UsageError(`invalid definition (asl validate ${file.path} lists every problem): ${lines[0]}`);
  }
  return compile(file.text, { type });
}

export interface ExecuteOptions {
  type?: StateMachineType;
  mocks?: { config: MockConfig; states: Map<string, string> };
  handlers?: Handlers;
  realTime?: boolean;
  onEvents?(events: HistoryEvent[]): void;
  /** StartOptions from `--context`. */
  start?: { name?: string; executionArn?: string; roleArn?: string; stateMachineArn?: string; stateMachineName?: string };
  startTime?: number;
}

export async function execute(file: LoadedFile, input: JSONValue, opts: ExecuteOptions = {}): Promise<RunResult & { path: string[] }> {
  const machine = compileFile(file, opts.type);
  const base =
    file.path
      .split(/[\\/]/)
      .pop()!
      .replace(/(\.asl)?\.(json|ya?ml)$/i, "") || "local";
  const stateMachineName = opts.start?.stateMachineName ?? base.replace(/[^A-Za-z0-9_-]/g, "-");
  const name = opts.start?.name ?? "local";
  const stateMachineArn = opts.start?.stateMachineArn ?? `arn:aws:states:local:000000000000:stateMachine:${stateMachineName}`;
  const executionArn = opts.start?.executionArn ?? `${stateMachineArn.replace(":stateMachine:", ":execution:")}:${name}`;
  const mock = opts.mocks ? mockAnswers(opts.mocks.config, opts.mocks.states) : undefined;
  const result = await drive(machine, input, {
    ...opts.start,
    name,
    executionArn,
    stateMachineArn,
    stateMachineName,
    startTime: opts.startTime,
    realTime: opts.realTime,
    onEvents: opts.onEvents,
    resolveTask: taskResolver({ mock, handlers: opts.handlers, executionArn }),
  });
  return Object.assign(result, { path: pathOf(file.value, result.events) });
}
