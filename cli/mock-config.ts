/**
 * Step Functions Local's mock configuration file (`MockConfigFile.json`), as AWS documents it:
 *
 *   StateMachines.<machine>.TestCases.<test case>.<state name> = <mocked response name>
 *   MockedResponses.<name>.<invocation> = {"Return": <value>} | {"Throw": {"Error", "Cause"}}
 *
 * where an invocation is `"0"` or an inclusive range `"1-2"`, counted per state over the whole
 * execution (retries, loops and Map iterations each take the next one). Our extension, beside
 * TestCases: `Definition` (the definition's path, relative to this file) and `Expectations.<test case>`
 * (`Input`, and the expected `Status`, `Output`, `Error`, `Cause` and `Path` of top-level states).
 * Every problem is a UsageError naming the file and the place (exit 2).
 */
import { dirname, resolve } from "node:path";
import { isDeepStrictEqual } from "node:util";
import type { JSONValue } from "../shared/asl/types.ts";
import { UsageError } from "./errors.ts";
import { loadFile } from "./files.ts";
import { pointerToken as tok } from "../shared/json/locate.ts";

type Obj = Record<string, JSONValue>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

export type MockAnswer = { output: JSONValue } | { error: string; cause: string };
interface Range {
  from: number;
  to: number;
  answer: MockAnswer;
}

export interface Expectation {
  input: JSONValue;
  status?: string;
  output?: JSONValue;
  error?: string;
  cause?: string;
  path?: string[];
}

export interface MachineConfig {
  name: string;
  /** Absolute path from `Definition`, when given. */
  definition?: string;
  /** Test case -> state -> mocked response name. */
  testCases: Map<string, Map<string, string>>;
  expectations: Map<string, Expectation>;
}

export interface MockConfig {
  path: string;
  machines: Map<string, MachineConfig>;
  responses: Map<string, Range[]>;
}

const STATUSES = ["SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"];
const EXPECTATION_KEYS = new Set(["Input", "Status", "Output", "Error", "Cause", "Path"]);

export function loadMockConfig(path: string): MockConfig {
  const file = loadFile(path);
  const bad = (where: string, what: string): never => {
    const at = file.placeOf(where);
    throw new UsageError(`${path}:${at.line}:${at.column}: ${what}`);
  };
  const root = file.value;
  if (!isObj(root)) return bad("", "a mock configuration is a JSON object with StateMachines and MockedResponses");
  for (const key of Object.keys(root))
    if (key !== "StateMachines" && key !== "MockedResponses")
      bad(`/${tok(key)}`, `unknown top-level field '${key}' (StateMachines, MockedResponses)`);
  if (!isObj(root.StateMachines)) bad("/StateMachines", "StateMachines must be an object of state machines");
  const rawResponses = root.MockedResponses ?? {};
  if (!isObj(rawResponses)) bad("/MockedResponses", "MockedResponses must be an object of mocked responses");
  const responses = new Map<string, Range[]>();
  for (const [name, raw] of Object.entries(rawResponses as Obj)) {
    const at = `/MockedResponses/${tok(name)}`;
    if (!isObj(raw) || !Object.keys(raw).length) bad(at, `mocked response '${name}' must be an object of invocations ("0", "1-2")`);
    const ranges: Range[] = [];
    for (const [key, value] of Object.entries(raw as Obj)) {
      const m = /^(\d+)(?:-(\d+))?$/.exec(key);
      const from = m ? Number(m[1]) : NaN;
      const to = m?.[2] !== undefined ? Number(m[2]) : from;
      if (!m || to < from) bad(`${at}/${tok(key)}`, `invocation '${key}' of '${name}' is neither a number ("0") nor a range ("1-2")`);
      const clash = ranges.find((r) => from <= r.to && r.from <= to);
      if (clash)
        bad(
          `${at}/${tok(key)}`,
          `invocation '${key}' of '${name}' overlaps invocation${clash.from === clash.to ? "" : "s"} ${span(clash)}`,
        );
      ranges.push({ from, to, answer: answerOf(value, `${at}/${tok(key)}`, name, key, bad) });
    }
    responses.set(
      name,
      ranges.sort((a, b) => a.from - b.from),
    );
  }
  const machines = new Map<string, MachineConfig>();
  for (const [name, raw] of Object.entries(root.StateMachines as Obj)) {
    const at = `/StateMachines/${tok(name)}`;
    if (!isObj(raw)) return bad(at, `state machine '${name}' must be an object with TestCases`);
    for (const key of Object.keys(raw))
      if (!["TestCases", "Definition", "Expectations"].includes(key))
        bad(`${at}/${tok(key)}`, `unknown field '${key}' of '${name}' (TestCases; our extension: Definition, Expectations)`);
    if (!isObj(raw.TestCases)) bad(`${at}/TestCases`, `'${name}' needs TestCases: an object of test cases`);
    if (raw.Definition !== undefined && typeof raw.Definition !== "string") bad(`${at}/Definition`, "Definition must be a file path");
    const testCases = new Map<string, Map<string, string>>();
    for (const [test, states] of Object.entries(raw.TestCases as Obj)) {
      if (!isObj(states)) return bad(`${at}/TestCases/${tok(test)}`, `test case '${test}' must map state names to mocked response names`);
      const mocks = new Map<string, string>();
      for (const [state, response] of Object.entries(states)) {
        const where = `${at}/TestCases/${tok(test)}/${tok(state)}`;
        if (typeof response !== "string") bad(where, `state '${state}' of test case '${test}' must name a mocked response`);
        if (!responses.has(response as string))
          bad(where, `test case '${test}' uses the mocked response '${response}', which MockedResponses lacks`);
        mocks.set(state, response as string);
      }
      testCases.set(test, mocks);
    }
    const expectations = new Map<string, Expectation>();
    const rawExpect = raw.Expectations ?? {};
    if (!isObj(rawExpect)) bad(`${at}/Expectations`, "Expectations must be an object of test cases");
    for (const [test, e] of Object.entries(rawExpect as Obj)) {
      const where = `${at}/Expectations/${tok(test)}`;
      if (!testCases.has(test)) bad(where, `Expectations name the test case '${test}', which TestCases lacks`);
      expectations.set(test, expectationOf(e, where, bad));
    }
    const definition = typeof raw.Definition === "string" ? resolve(dirname(path), raw.Definition) : undefined;
    machines.set(name, { name, definition, testCases, expectations });
  }
  return { path, machines, responses };
}

function answerOf(value: JSONValue, at: string, name: string, key: string, bad: (at: string, what: string) => never): MockAnswer {
  const has = isObj(value) ? ["Return", "Throw"].filter((k) => k in value) : [];
  if (!isObj(value) || has.length !== 1 || Object.keys(value).length !== 1)
    return bad(at, `invocation '${key}' of '${name}' must hold exactly one of Return or Throw`);
  if ("Return" in value) return { output: value.Return };
  const t = value.Throw;
  if (!isObj(t) || typeof t.Error !== "string" || (t.Cause !== undefined && typeof t.Cause !== "string"))
    return bad(`${at}/Throw`, `Throw of '${name}' must be {"Error": string, "Cause": string}`);
  return { error: t.Error, cause: (t.Cause as string | undefined) ?? "" };
}

function expectationOf(e: JSONValue, at: string, bad: (at: string, what: string) => never): Expectation {
  if (!isObj(e)) return bad(at, "an expectation is an object (Input, Status, Output, Error, Cause, Path)");
  for (const key of Object.keys(e))
    if (!EXPECTATION_KEYS.has(key)) bad(`${at}/${key}`, `unknown expectation '${key}' (${[...EXPECTATION_KEYS].join(", ")})`);
  if (e.Status !== undefined && !STATUSES.includes(e.Status as string)) bad(`${at}/Status`, `Status is one of ${STATUSES.join(", ")}`);
  for (const k of ["Error", "Cause"]) if (e[k] !== undefined && typeof e[k] !== "string") bad(`${at}/${k}`, `${k} must be a string`);
  if (e.Path !== undefined && !(Array.isArray(e.Path) && e.Path.every((s) => typeof s === "string")))
    bad(`${at}/Path`, "Path must be an array of state names");
  return {
    input: e.Input ?? {},
    status: e.Status as string | undefined,
    output: e.Output,
    error: e.Error as string | undefined,
    cause: e.Cause as string | undefined,
    path: e.Path as string[] | undefined,
  };
}

/** The test case's mocks, checked against the definition's state names (a missing state is a UsageError). */
export function testCaseOf(config: MockConfig, machine: MachineConfig, test: string, stateNames: Set<string>): Map<string, string> {
  const mocks = machine.testCases.get(test);
  if (!mocks) {
    const known = [...machine.testCases.keys()].join(", ") || "none";
    throw new UsageError(`${config.path}: no test case '${test}' for the state machine '${machine.name}' (test cases: ${known})`);
  }
  for (const state of mocks.keys())
    if (!stateNames.has(state))
      throw new UsageError(
        `${config.path}: test case '${test}' of '${machine.name}' mocks the state '${state}', which the definition does not have`,
      );
  return mocks;
}

/** Answers for mocked states: invocation n of a state is the range holding n, counted per state. */
export function mockAnswers(config: MockConfig, mocks: Map<string, string>): (state: string) => MockAnswer | undefined {
  const counts = new Map<string, number>();
  return (state) => {
    const name = mocks.get(state);
    if (name === undefined) return undefined;
    const n = counts.get(state) ?? 0;
    counts.set(state, n + 1);
    const range = config.responses.get(name)!.find((r) => r.from <= n && n <= r.to);
    if (!range)
      throw new UsageError(
        `${config.path}: the state '${state}' ran a ${ordinal(n + 1)} time, but the mocked response '${name}' has no invocation ${n}`,
      );
    return range.answer;
  };
}

const span = (r: Range): string => (r.from === r.to ? String(r.from) : `${r.from}-${r.to}`);

const ordinal = (n: number): string => `${n}${n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th")}`;

/** Pick the state machine of a config: by name, the only one, or the one named like the definition file. */
export function machineOf(config: MockConfig, name: string | undefined, definitionPath?: string): MachineConfig {
  if (name !== undefined) {
    const m = config.machines.get(name);
    if (!m) throw new UsageError(`${config.path}: no state machine '${name}' in StateMachines (${[...config.machines.keys()].join(", ")})`);
    return m;
  }
  if (config.machines.size === 1) return [...config.machines.values()][0];
  const base = definitionPath
    ?.split(/[\\/]/)
    .pop()
    ?.replace(/(\.asl)?\.(json|ya?ml)$/i, "");
  const m = base === undefined ? undefined : config.machines.get(base);
  if (!m)
    throw new UsageError(
      `${config.path}: several state machines; name one with --state-machine (${[...config.machines.keys()].join(", ")})`,
    );
  return m;
}

export const sameJson = (a: unknown, b: unknown): boolean => isDeepStrictEqual(a, b);
