// The interpreter's speed rests on one object shape per kind of engine object: every compiled state
// (whatever its type and query language), every frame, every Map or Parallel fan. The
// TypeScript types are unions; these tests check that the factories still make one shape each.
import { describe, expect, it } from "vitest";
import { advance, compile, startExecution, type Execution, type Host, type JSONValue } from "../../shared/asl/index.ts";

const host: Host = { now: Date.UTC(2024, 0, 1), random: () => 0.5, uuid: () => "00000000-0000-4000-8000-000000000000" };

/** A one-state scope (state names are unique machine-wide). */
const scope = (name: string) => ({ StartAt: name, States: { [name]: { Type: "Pass", End: true } } });

/** One state of every type, in the given query language. */
function everyType(ql: "JSONPath" | "JSONata") {
  const wait = ql === "JSONata" ? { Seconds: "{% 1 %}" } : { SecondsPath: "$.s" };
  const choice = ql === "JSONata" ? { Condition: "{% true %}", Next: "Task" } : { Variable: "$.a", IsPresent: true, Next: "Task" };
  return {
    QueryLanguage: ql,
    StartAt: "Pass",
    States: {
      Pass: { Type: "Pass", Next: "Choice", ...(ql === "JSONPath" ? { Result: { a: 1 } } : {}) },
      Choice: { Type: "Choice", Choices: [choice], Default: "Fail" },
      Task: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Next: "Wait", Retry: [{ ErrorEquals: ["States.ALL"] }] },
      Wait: { Type: "Wait", Next: "Parallel", ...wait },
      Parallel: { Type: "Parallel", Branches: [scope("Branch")], Next: "Map" },
      Map: { Type: "Map", ItemProcessor: scope("Item"), Next: "Succeed" },
      Succeed: { Type: "Succeed" },
      Fail: { Type: "Fail", Error: "E" },
    },
  };
}

const keys = (o: object) => Object.keys(o).join(",");

describe("one object shape per kind", () => {
  it("compiled states: every type, both query languages, nested scopes", () => {
    const shapes = new Set<string>();
    for (const ql of ["JSONPath", "JSONata"] as const)
      for (const scope of compile(everyType(ql)).scopes) for (const state of Object.values(scope.states)) shapes.add(keys(state));
    expect(shapes.size).toBe(1);
  });

  it("JSONata fields: one shape whatever fields a state has", () => {
    const shapes = new Set<string>();
    for (const scope of compile(everyType("JSONata")).scopes)
      for (const state of Object.values(scope.states)) if (state.j) shapes.add(keys(state.j));
    expect(shapes.size).toBe(1);
  });

  it("frames, and Map and Parallel fans", () => {
    const machine = compile({
      StartAt: "Parallel",
      States: {
        Parallel: { Type: "Parallel", Branches: [scope("One"), scope("Two")], Next: "Map" },
        Map: {
          Type: "Map",
          ItemProcessor: { StartAt: "Work", States: { Work: { Type: "Task", Resource: "worker", End: true } } },
          End: true,
        },
      },
    });
    const exec: Execution = startExecution(machine, [1, 2] as JSONValue, host);
    const frames = new Set<string>();
    const fans = new Set<string>();
    const seen = () => {
      for (const frame of Object.values(exec.frames)) {
        // an ended branch leaves undefined under its id
        if (!frame) continue;
        frames.add(keys(frame));
        if (frame.fan) fans.add(keys(frame.fan));
      }
    };
    const kinds = new Set<string>();
    for (const budget of [1, Infinity]) {
      // one transition: the Parallel has fanned out; then on until the Map's tasks are out
      advance(machine, exec, host, budget);
      for (const frame of Object.values(exec.frames)) if (frame?.fan) kinds.add(frame.fan.kind);
      seen();
    }
    expect([...kinds].sort()).toEqual(["map", "parallel"]);
    expect(frames.size).toBe(1);
    expect(fans.size).toBe(1);
  });
});
