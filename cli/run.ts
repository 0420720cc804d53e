/** `asl run`: one execution in process, with tasks from mocks, a handlers module or HTTP endpoints. */
import { watch } from "node:fs";
import type { JSONValue } from "../shared/asl/types.ts";
import { str, type Command, type Io, type Values } from "./command.ts";
import { EXIT, UsageError } from "./errors.ts";
import { execute, stateNamesOf, type ExecuteOptions } from "./execute.ts";
import { jsonArgument, loadFile } from "./files.ts";
import { historyTable } from "./history.ts";
import { loadMockConfig, machineOf, testCaseOf } from "./mock-config.ts";
import { progress } from "./progress.ts";
import { loadHandlers } from "./tasks.ts";
import { machineType } from "./validate.ts";

const CONTEXT_FIELDS: Record<string, Record<string, keyof NonNullable<ExecuteOptions["start"]> | "startTime">> = {
  Execution: { Id: "executionArn", Name: "name", RoleArn: "roleArn", StartTime: "startTime" },
  StateMachine: { Id: "stateMachineArn", Name: "stateMachineName" },
};

/** `--context`: the Context object's fields a run can set ($$.Execution.Name, ...). */
export function contextOptions(raw: JSONValue): Pick<ExecuteOptions, "start" | "startTime"> {
  const bad = (what: string): never => {
    throw new UsageError(`--context: ${what} (settable: Execution.Id, Name, RoleArn, StartTime; StateMachine.Id, Name)`);
  };
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) bad("the Context object must be a JSON object");
  const start: NonNullable<ExecuteOptions["start"]> = {};
  let startTime: number | undefined;
  for (const [section, fields] of Object.entries(raw as Record<string, JSONValue>)) {
    const known = CONTEXT_FIELDS[section] ?? bad(`field '${section}' cannot be set`);
    if (!fields || typeof fields !== "object" || Array.isArray(fields)) bad(`${section} must be an object`);
    for (const [k, v] of Object.entries(fields as Record<string, JSONValue>)) {
      const target = known[k] ?? bad(`field '${section}.${k}' cannot be set`);
      if (typeof v !== "string") bad(`${section}.${k} must be a string`);
      if (target === "startTime") {
        startTime = Date.parse(v as string);
        if (Number.isNaN(startTime)) bad(`Execution.StartTime '${String(v)}' is not an ISO 8601 time`);
      } else start[target] = v as string;
    }
  }
  return { start, startTime };
}

async function runOnce(values: Values, path: string, io: Io): Promise<number> {
  const file = loadFile(path);
  const opts: ExecuteOptions = { type: machineType(values.type), realTime: values["real-time"] === true };
  let input: JSONValue | undefined = values.input === undefined ? undefined : jsonArgument("input", str(values.input)!);
  if (values.context !== undefined) Object.assign(opts, contextOptions(jsonArgument("context", str(values.context)!)));
  const mockPath = str(values.mock);
  if (mockPath === undefined && values["test-case"] !== undefined) throw new UsageError("--test-case needs --mock <config.json>");
  if (mockPath !== undefined) {
    const test =
      str(values["test-case"]) ??
      (() => {
        throw new UsageError("--mock needs --test-case NAME");
      })();
    const config = loadMockConfig(mockPath);
    const machine = machineOf(config, str(values["state-machine"]), path);
    opts.mocks = { config, states: testCaseOf(config, machine, test, stateNamesOf(file.value)) };
    input ??= machine.expectations.get(test)?.input;
  }
  const handlersPath = str(values.handlers);
  if (handlersPath !== undefined) opts.handlers = await loadHandlers(handlersPath);
  const live = values.quiet ? undefined : progress(io);
  opts.onEvents = live?.onEvents;
  const result = await execute(file, input ?? {}, opts);
  live?.done();
  if (values.history) io.out(historyTable(result.events as never));
  if (values.json) {
    const { status, output, error, cause, path: statesPath } = result;
    io.out(JSON.stringify({ status, output, error, cause, path: statesPath }) + "\n");
  } else if (result.status === "SUCCEEDED") io.out(JSON.stringify(result.output, null, 2) + "\n");
  else io.err(`${result.status}${result.error ? `: ${result.error}` : ""}${result.cause ? `: ${result.cause}` : ""}\n`);
  return result.status === "SUCCEEDED" ? EXIT.ok : EXIT.failed;
}

export const runCommand: Command = {
  name: "run",
  summary: "run an execution in this process (mocks, JS handlers, HTTP tasks)",
  help: `Usage: asl run <definition> [--input JSON|@file] [--context JSON] [--mock config.json --test-case NAME]
               [--handlers ./tasks.js] [--history] [--real-time] [--watch] [--json] [--quiet]

Runs one execution with the engine the runtime uses. Wait states, retry backoff and timeouts run on a
virtual clock (instantly) unless --real-time. A Task is answered by, in order: the test case's mocked
response (--mock, Step Functions Local's MockConfigFile format), a handler of --handlers (a JS module
exporting functions by state name or resource, default export an object of them), or, for an http(s)
Resource, a POST of its input to that URL (as the runtime does). Otherwise it fails with States.TaskFailed.

  --input JSON|@file     execution input (default {}, or the test case's Expectations.Input)
  --context JSON         Context object fields to set: {"Execution": {"Name", "Id", "RoleArn", "StartTime"},
                         "StateMachine": {"Id", "Name"}}
  --mock FILE            a MockConfigFile; with --test-case NAME (and --state-machine NAME when it has several)
  --handlers FILE        a module of task handlers; a thrown error's name is the task's error
  --history              print the history events as a table
  --real-time            Wait states and retries take real time
  --watch                run again whenever the definition, input, mock or handlers file changes
  --json                 print {"status", "output", "error", "cause", "path"} instead of the output
  --quiet                no progress on stderr (a redrawn line on a terminal, a line per state otherwise)
  --type                 STANDARD (default) or EXPRESS

Example: asl run order.asl.json --input @order.json --handlers ./tasks.js --history

Prints the output on stdout. Exit: 0 SUCCEEDED, 1 FAILED / TIMED_OUT / ABORTED, 2 bad arguments or files.`,
  options: {
    input: { type: "string" },
    context: { type: "string" },
    mock: { type: "string" },
    "test-case": { type: "string" },
    "state-machine": { type: "string" },
    handlers: { type: "string" },
    history: { type: "boolean" },
    "real-time": { type: "boolean" },
    watch: { type: "boolean" },
    json: { type: "boolean" },
    quiet: { type: "boolean" },
    type: { type: "string" },
  },
  async run(values, positionals, io) {
    if (positionals.length !== 1) throw new UsageError("asl run: give one definition file (see asl run --help)");
    const path = positionals[0];
    if (!values.watch) return runOnce(values, path, io);
    return watchLoop(values, path, io);
  },
};

/** Run, then again on every change of a file the run read; until interrupted. */
async function watchLoop(values: Values, path: string, io: Io): Promise<number> {
  const files = [
    path,
    str(values.mock),
    str(values.handlers),
    ...[values.input, values.context].map((v) => (str(v)?.startsWith("@") ? str(v)!.slice(1) : undefined)),
  ];
  let runs = 0;
  const once = async () => {
    runs++;
    try {
      const code = await runOnce(values, path, io);
      io.err(`[watch] run ${runs} exited ${code}; watching for changes (Ctrl-C to stop)\n`);
    } catch (e) {
      io.err(`${e instanceof Error ? e.message : String(e)}\n[watch] run ${runs} exited 2; watching for changes (Ctrl-C to stop)\n`);
    }
  };
  await once();
  let timer: ReturnType<typeof setTimeout> | undefined;
  for (const f of files)
    if (f !== undefined)
      watch(f, () => {
        clearTimeout(timer);
        timer = setTimeout(() => void once(), 100);
      });
  return new Promise<number>(() => {});
}
