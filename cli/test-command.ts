/**
 * `asl test`: every test case of a Step Functions Local MockConfigFile, run in process, reported per
 * case (text, or JUnit XML for CI). A case passes when its execution meets its Expectations (our
 * extension); without any, when it SUCCEEDED.
 */
import { existsSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { str, type Command } from "./command.ts";
import { EXIT, UsageError } from "./errors.ts";
import { execute, stateNamesOf } from "./execute.ts";
import { loadFile, type LoadedFile } from "./files.ts";
import { junit, type CaseReport } from "./junit.ts";
import { loadMockConfig, sameJson, testCaseOf, type Expectation, type MachineConfig } from "./mock-config.ts";
import { loadHandlers, type Handlers } from "./tasks.ts";
import { machineType } from "./validate.ts";

const EXTENSIONS = [".asl.json", ".json", ".asl.yaml", ".asl.yml", ".yaml", ".yml"];

function definitionOf(machine: MachineConfig, dir: string): LoadedFile {
  if (machine.definition) return loadFile(machine.definition);
  const found = EXTENSIONS.map((ext) => join(dir, machine.name + ext)).find((p) => existsSync(p));
  if (!found)
    throw new UsageError(
      `no definition for the state machine '${machine.name}': expected ${join(dir, machine.name)}.asl.json (or .json, .yaml)`,
    );
  return loadFile(found);
}

const show = (v: unknown): string => (v === undefined ? "nothing" : JSON.stringify(v));

function check(
  expect: Expectation | undefined,
  r: { status: string; output?: unknown; error?: string | null; cause?: string | null; path: string[] },
): string[] {
  const problems: string[] = [];
  const status = expect?.status ?? "SUCCEEDED";
  if (r.status !== status)
    problems.push(`status: expected ${status}, got ${r.status}${r.error ? ` (${r.error}${r.cause ? `: ${r.cause}` : ""})` : ""}`);
  if (!expect) return problems;
  if (expect.output !== undefined && !sameJson(expect.output, r.output))
    problems.push(`output: expected ${show(expect.output)}, got ${show(r.output)}`);
  if (expect.error !== undefined && expect.error !== r.error) problems.push(`error: expected ${show(expect.error)}, got ${show(r.error)}`);
  if (expect.cause !== undefined && expect.cause !== r.cause) problems.push(`cause: expected ${show(expect.cause)}, got ${show(r.cause)}`);
  if (expect.path !== undefined && !sameJson(expect.path, r.path))
    problems.push(`path: expected ${expect.path.join(" > ")}, got ${r.path.join(" > ")}`);
  return problems;
}

export const testCommand: Command = {
  name: "test",
  summary: "run every test case of a Step Functions Local MockConfigFile",
  help: `Usage: asl test <MockConfigFile.json> [--definitions DIR] [--state-machine NAME] [--test-case NAME]
                [--handlers ./tasks.js] [--reporter text|junit] [--output FILE]

Runs each test case of each state machine in the mock configuration (Step Functions Local's format:
StateMachines.<machine>.TestCases.<case>.<state> = <mocked response>; MockedResponses.<name>.<"0"|"1-2">
= {"Return": ...} | {"Throw": {"Error", "Cause"}}). A machine's definition is its Definition (our
extension, a path relative to the config) or <DIR>/<machine>.asl.json (.json, .yaml, .yml).

Our extension, beside TestCases: "Expectations": {"<case>": {"Input", "Status", "Output", "Error",
"Cause", "Path"}}; Path lists the top-level states entered, in order. Without Expectations a case passes
when its execution SUCCEEDED. States a case does not mock are answered by --handlers, or by a POST to an
http(s) Resource.

  --definitions DIR      where definitions are (default: the config's folder)
  --state-machine NAME   only this state machine;  --test-case NAME: only this test case
  --reporter junit       JUnit XML (to stdout, or --output FILE) instead of text
  --type                 STANDARD (default) or EXPRESS

Example: asl test MockConfigFile.json --definitions statemachines --reporter junit --output asl-report.xml

Exit: 0 every case passed, 1 a case failed, 2 a bad file, an unknown test case or a mock of a missing state.`,
  options: {
    definitions: { type: "string" },
    "state-machine": { type: "string" },
    "test-case": { type: "string" },
    handlers: { type: "string" },
    reporter: { type: "string" },
    output: { type: "string" },
    type: { type: "string" },
  },
  async run(values, positionals, io) {
    if (positionals.length !== 1) throw new UsageError("asl test: give one mock configuration file (see asl test --help)");
    const reporter = str(values.reporter) ?? "text";
    if (reporter !== "text" && reporter !== "junit") throw new UsageError(`--reporter: '${reporter}' is neither text nor junit`);
    const config = loadMockConfig(positionals[0]);
    const dir = str(values.definitions) ?? dirname(positionals[0]);
    const only = str(values["state-machine"]);
    if (only !== undefined && !config.machines.has(only))
      throw new UsageError(`${config.path}: no state machine '${only}' in StateMachines`);
    const handlers: Handlers | undefined = values.handlers ? await loadHandlers(str(values.handlers)!) : undefined;
    // Every file and every case checked before anything runs: a bad one stops the whole test with exit 2.
    const plan: { machine: MachineConfig; file: LoadedFile; test: string; states: Map<string, string> }[] = [];
    const onlyCase = str(values["test-case"]);
    for (const machine of config.machines.values()) {
      if (only !== undefined && machine.name !== only) continue;
      const file = definitionOf(machine, dir);
      const names = stateNamesOf(file.value);
      const cases = onlyCase === undefined ? [...machine.testCases.keys()] : [onlyCase];
      for (const test of cases) plan.push({ machine, file, test, states: testCaseOf(config, machine, test, names) });
    }
    const reports: CaseReport[] = [];
    const type = machineType(values.type);
    for (const { machine, file, test, states } of plan) {
      const expect = machine.expectations.get(test);
      const began = performance.now();
      let failures: string[];
      try {
        const r = await execute(file, expect?.input ?? {}, { type, mocks: { config, states }, handlers });
        failures = check(expect, r);
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        failures = [e.message];
      }
      const report = { suite: machine.name, name: test, ms: performance.now() - began, failures };
      reports.push(report);
      if (reporter === "text") {
        io.out(`${failures.length ? "FAIL" : "PASS"} ${machine.name} › ${test} (${Math.round(report.ms)} ms)\n`);
        for (const f of failures) io.out(`     ${f}\n`);
      }
    }
    const failed = reports.filter((r) => r.failures.length).length;
    if (reporter === "junit") {
      const text = junit(reports);
      if (values.output) writeFileSync(str(values.output)!, text);
      else io.out(text);
    } else io.out(`${reports.length - failed} passed, ${failed} failed\n`);
    return failed ? EXIT.failed : EXIT.ok;
  },
};
