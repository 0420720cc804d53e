// Property-based fuzzing of the engine: random and mutated definitions and inputs. Validation answers
// with diagnostics or accepts; an accepted definition runs to SUCCEEDED or FAILED (or TIMED_OUT) with a
// named error, never an exception escaping the engine. Longer runs: `npm run fuzz -- --runs 100000`.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, runLocal, validate, type JSONValue, type StateMachineType, type TaskOutcome } from "../../shared/asl/index.ts";
import { deepText, ERROR_NAME, FUZZ_TIMEOUT, fuzzParams, mutate, mutation, weirdValue } from "./fuzz.ts";
import { INPUTS, SEEDS } from "./fuzz-seeds.ts";
import { T0 } from "./helpers.ts";

const TASK_ERRORS = ["States.TaskFailed", "States.Timeout", "Lambda.ServiceException", "Custom.Error", "States.HeartbeatTimeout"];

/** What a task answers: an output, or a named error. */
const outcome: fc.Arbitrary<TaskOutcome> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((output) => ({ output: output as JSONValue })),
  fc.record({ error: fc.constantFrom(...TASK_ERRORS), cause: fc.string({ maxLength: 10 }) }),
);

/** Validation never throws: it accepts, or names every problem. */
function checkValidation(definition: unknown, type: StateMachineType) {
  const r = validate(definition, { type });
  if (!r.valid) {
    expect(r.diagnostics.length).toBeGreaterThan(0);
    for (const d of r.diagnostics) {
      expect(d.code).toMatch(/^[A-Z_]+$/);
      expect(typeof d.message).toBe("string");
      expect(typeof d.location).toBe("string");
    }
  }
  return r.valid;
}

/** Run an accepted definition to its end; the outcome is a status and, when it failed, a named error. */
async function checkRun(definition: unknown, type: StateMachineType, input: unknown, outcomes: TaskOutcome[]) {
  const machine = compile(definition, { type });
  let n = 0;
  const r = await runLocal(machine, input as JSONValue, {
    startTime: T0,
    resolveTask: () => outcomes[n++ % outcomes.length],
    maxEvents: 2000,
  });
  expect(["SUCCEEDED", "FAILED", "TIMED_OUT"]).toContain(r.status);
  if (r.status === "SUCCEEDED") expect(() => JSON.stringify(r.output)).not.toThrow();
  else {
    // a Fail state may leave its error out or name it anything (AWS takes any string); every other error has a name
    expect(r.error == null || typeof r.error === "string").toBe(true);
    if (!hasFail(definition)) expect(r.error).toMatch(ERROR_NAME);
    expect(r.cause ?? "").not.toMatch(/TypeError|RangeError|ReferenceError|is not a function|Cannot read propert|undefined is not/);
  }
}

/** Whether a Fail state may have ended the run (its Error is the author's). */
function hasFail(definition: unknown): boolean {
  try {
    return JSON.stringify(definition).includes('"Fail"');
  } catch {
    return true; // too deep to write out: no claim about its errors
  }
}

const seed = fc.nat(SEEDS.length - 1).map((i) => SEEDS[i]);
const input = fc.oneof(fc.constantFrom(...INPUTS), fc.jsonValue({ maxDepth: 3 }), weirdValue);
const type = fc.constantFrom<StateMachineType>("STANDARD", "EXPRESS");

describe("fuzz: definitions", () => {
  it(
    "random values and texts are answered with diagnostics",
    () => {
      fc.assert(
        fc.property(fc.oneof(fc.anything(), fc.jsonValue(), fc.string(), weirdValue), type, (definition, t) => {
          checkValidation(definition, t);
          checkValidation(JSON.stringify(definition) ?? "", t);
        }),
        fuzzParams(300),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    "definitions nested thousands of levels deep are answered with diagnostics or run",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(100, 1000, 5000, 50000),
          fc.constantFrom("Result", "Parameters", "Output", "Assign"),
          async (depth, field) => {
            const lang = field === "Output" || field === "Assign" ? '"QueryLanguage":"JSONata",' : "";
            const text = `{${lang}"StartAt":"P","States":{"P":{"Type":"Pass","${field}":{"x":${deepText(depth)}},"End":true}}}`;
            if (checkValidation(text, "STANDARD")) await checkRun(text, "STANDARD", JSON.parse(deepText(depth)), [{ output: {} }]);
          },
        ),
        fuzzParams(20),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    "mutated definitions validate or are rejected, and accepted ones run to a named end",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          seed,
          fc.array(mutation, { minLength: 1, maxLength: 3 }),
          type,
          input,
          fc.array(outcome, { minLength: 1, maxLength: 4 }),
          async (definition, mutations, t, data, outcomes) => {
            const mutated = mutate(definition, mutations);
            if (checkValidation(mutated, t)) await checkRun(mutated, t, data, outcomes);
          },
        ),
        fuzzParams(1500),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    "valid definitions run to a named end on any input and any task answers",
    async () => {
      await fc.assert(
        fc.asyncProperty(seed, type, input, fc.array(outcome, { minLength: 1, maxLength: 4 }), async (definition, t, data, outcomes) => {
          if (checkValidation(definition, t)) await checkRun(definition, t, data, outcomes);
        }),
        fuzzParams(300),
      );
    },
    FUZZ_TIMEOUT,
  );
});
