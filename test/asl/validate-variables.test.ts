import { describe, expect, it } from "vitest";
import { validateDefinition } from "../../shared/asl/validate/index.ts";
import { statesReferences } from "../../shared/asl/validate/references.ts";
import { variableNameProblem } from "../../shared/asl/validate/variables.ts";

type Def = Record<string, unknown>;

const S = "SCHEMA_VALIDATION_FAILED";
const U = "UNSUPPORTED_JSONATA_EXPRESSION";

const pass: Def = { Type: "Pass", End: true };
const task = (extra: Def = {}): Def => ({ Type: "Task", Resource: "arn:aws:states:::lambda:invoke", End: true, ...extra });
const one = (state: Def, top: Def = {}): Def => ({ StartAt: "A", States: { A: state }, ...top });
const jsonata = (state: Def): Def => one(state, { QueryLanguage: "JSONata" });
/** A task in state A whose catcher goes to a Pass state B. */
const caught = (catcher: Def, extra: Def = {}, top: Def = {}): Def => ({
  StartAt: "A",
  States: { A: task({ Catch: [{ ErrorEquals: ["States.ALL"], Next: "B", ...catcher }], ...extra }), B: pass },
  ...top,
});
const choice = (rule: Def, top: Def = {}): Def => ({
  StartAt: "C",
  States: { C: { Type: "Choice", Choices: [{ Next: "D", ...rule }], Default: "D" }, D: pass },
  ...top,
});
/** An outer Pass assigning `outer`, then a Map or Parallel whose inner state is `inner`. */
const nested = (kind: "Map" | "Parallel" | "Distributed", inner: Def, top: Def = {}): Def => {
  const machine = { StartAt: "I", States: { I: inner } };
  const wrapper = kind === "Parallel"
    ? { Type: "Parallel", Branches: [machine], End: true }
    : { Type: "Map", End: true,
      ItemProcessor: kind === "Distributed" ? { ...machine, ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" } } : machine };
  return { StartAt: "O", States: { O: { Type: "Pass", Assign: { outer: 1 }, Next: "W" }, W: wrapper }, ...top };
};

const found = (def: Def) => validateDefinition(def).diagnostics;

interface Case {
  name: string;
  def: Def;
  code?: string;
  at: string;
  message?: string;
}

function rejects(cases: Case[]): void {
  it.each(cases)("rejects $name", ({ def, code = S, at, message }) => {
    expect(found(def)).toContainEqual(expect.objectContaining({
      code, location: at, severity: "ERROR", ...(message ? { message: expect.stringContaining(message) } : {}),
    }));
  });
}

function accepts(cases: Array<{ name: string; def: Def }>): void {
  it.each(cases)("accepts $name", ({ def }) => {
    expect(found(def)).toEqual([]);
  });
}

describe("$states in JSONata expressions", () => {
  rejects([
    { name: "$states.errorOutput in a state's Output", def: jsonata({ ...pass, Output: "{% $states.errorOutput %}" }),
      code: U, at: "/States/A/Output", message: "Field '$states.errorOutput' does not exist." },
    { name: "$states.errorOutput in a Task's Assign", def: jsonata(task({ Assign: { e: "{% $states.errorOutput.Error %}" } })),
      code: U, at: "/States/A/Assign/e" },
    { name: "$states.result in a Pass Output", def: jsonata({ ...pass, Output: { v: ["{% $states.result %}"] } }),
      code: U, at: "/States/A/Output/v/0", message: "Field '$states.result' does not exist." },
    { name: "$states.result in a Task's Arguments", def: jsonata(task({ Arguments: { p: "{% $states.result %}" } })),
      code: U, at: "/States/A/Arguments/p" },
    { name: "$states.result in TimeoutSeconds", def: jsonata(task({ TimeoutSeconds: "{% $states.result.t %}" })),
      code: U, at: "/States/A/TimeoutSeconds" },
    { name: "$states.result in a Map's Items", def: jsonata({ Type: "Map", Items: "{% $states.result %}", End: true,
      ItemProcessor: { StartAt: "I", States: { I: pass } } }), code: U, at: "/States/A/Items" },
    { name: "$states.result in a Choice Condition", def: choice({ Condition: "{% $states.result %}" }, { QueryLanguage: "JSONata" }),
      code: U, at: "/States/C/Choices/0/Condition" },
    { name: "$states.result in a Choice rule's Assign", def: choice({ Condition: true, Assign: { a: "{% $states.result %}" } }, { QueryLanguage: "JSONata" }),
      code: U, at: "/States/C/Choices/0/Assign/a" },
    { name: "$states.result in a catcher's Output", def: caught({ Output: "{% $states.result %}" }, {}, { QueryLanguage: "JSONata" }),
      code: U, at: "/States/A/Catch/0/Output" },
    { name: "$states.result in a Fail Cause", def: jsonata({ Type: "Fail", Cause: "{% $states.result %}" }), code: U, at: "/States/A/Cause" },
    { name: "$$ anywhere", def: jsonata({ ...pass, Output: "{% $$.a %}" }), code: U, at: "/States/A/Output", message: "Reference to '$$' is not supported." },
  ]);
  accepts([
    { name: "$states.result in a Task's Output and Assign", def: jsonata(task({ Output: "{% $states.result %}", Assign: { r: "{% $states.result.x %}" } })) },
    { name: "$states.result in a Parallel's Output", def: jsonata({ Type: "Parallel", Output: "{% $states.result[0] %}", End: true,
      Branches: [{ StartAt: "I", States: { I: pass } }] }) },
    { name: "$states.errorOutput in a catcher's Output and Assign",
      def: caught({ Output: "{% $states.errorOutput %}", Assign: { e: "{% $states.errorOutput.Cause %}" } }, {}, { QueryLanguage: "JSONata" }) },
    { name: "$states.input and $states.context anywhere", def: jsonata({ ...pass, Output: "{% [$states.input, $states.context.Execution.Id] %}" }) },
    { name: "the words inside a string literal", def: jsonata({ ...pass, Output: "{% '$states.result and $$' %}" }) },
    { name: "a JSONPath state's text", def: one({ ...pass, Result: "{% $states.result %}" }) },
  ]);

  it("finds references the way JSONata reads them", () => {
    expect(statesReferences("$states . result.x & $states.input")).toEqual({ fields: ["result", "input"], root: false });
    expect(statesReferences("$statesX.result /* $states.result */ & \"$$\" & `$states`.result")).toEqual({ fields: [], root: false });
    expect(statesReferences("$match($x, /a$/) & $$")).toEqual({ fields: [], root: true });
  });
});

describe("variable names", () => {
  it.each([
    ["x", undefined], ["camelCase_1", undefined], ["été", undefined], ["a".repeat(80), undefined],
    ["states", "reserved"], ["", "between 1 and 80"], ["a".repeat(81), "between 1 and 80"],
    ["1x", "Invalid variable name"], ["a-b", "Invalid variable name"], ["a.b", "Invalid variable name"], ["_x", "Invalid variable name"],
  ])("%j", (name, problem) => {
    if (problem === undefined) expect(variableNameProblem(name)).toBeUndefined();
    else expect(variableNameProblem(name)).toContain(problem);
  });

  rejects([
    { name: "a reserved name on a Pass", def: one({ ...pass, Assign: { states: 1 } }), at: "/States/A/Assign/states", message: "reserved" },
    { name: "a bad name in a JSONata state", def: jsonata({ ...pass, Assign: { "my-var": 1 } }), at: "/States/A/Assign/my-var" },
    { name: "a `.$` key in a JSONata state", def: jsonata({ ...pass, Assign: { "x.$": "$.x" } }), at: "/States/A/Assign/x.$" },
    { name: "a bad name behind `.$`", def: one({ ...pass, Assign: { "9x.$": "$.x" } }), at: "/States/A/Assign/9x.$" },
    { name: "a bad name in a Choice rule", def: choice({ Variable: "$.a", IsPresent: true, Assign: { "a b": 1 } }), at: "/States/C/Choices/0/Assign/a b" },
    { name: "a bad name in a catcher", def: caught({ Assign: { "x/y": 1 } }), at: "/States/A/Catch/0/Assign/x~1y" },
    { name: "an Assign that is not an object", def: one({ ...pass, Assign: [1] }), at: "/States/A/Assign" },
  ]);
});

describe("JSONPath Assign values", () => {
  rejects([
    { name: "a `.$` value that is not a path", def: one({ ...pass, Assign: { "x.$": "x" } }), at: "/States/A/Assign/x.$",
      message: "valid JSONPath or intrinsic function" },
    { name: "a `.$` value that is not a string", def: one({ ...pass, Assign: { "x.$": 3 } }), at: "/States/A/Assign/x.$" },
  ]);
  accepts([
    { name: "paths, context paths, variables and intrinsics", def: one({ ...pass,
      Assign: { "a.$": "$.a", "b.$": "$$.Execution.Id", "c.$": "$a", "d.$": "States.Format('{}', $a)", e: "$.not.evaluated" } }) },
    { name: "variables in InputPath, OutputPath and Parameters", def: one({ ...pass, InputPath: "$v", OutputPath: "$w.x",
      Parameters: { "p.$": "$v" } }) },
    { name: "variables in a Choice Variable and *Path fields", def: {
      StartAt: "C",
      States: {
        C: { Type: "Choice", Choices: [{ Variable: "$v", NumericGreaterThanPath: "$w", Next: "W" }], Default: "W" },
        W: { Type: "Wait", SecondsPath: "$secs", End: true },
      },
    } },
  ]);
});

describe("ResultPath", () => {
  rejects([
    { name: "a variable as a state's ResultPath", def: one(task({ ResultPath: "$v" })), at: "/States/A/ResultPath", message: "cannot write to a variable" },
    { name: "the context object as ResultPath", def: one(task({ ResultPath: "$$.Execution" })), at: "/States/A/ResultPath" },
    { name: "a variable as a catcher's ResultPath", def: caught({ ResultPath: "$err" }), at: "/States/A/Catch/0/ResultPath" },
    { name: "a ResultPath that is not a path", def: one(task({ ResultPath: "result" })), at: "/States/A/ResultPath" },
  ]);
  accepts([
    { name: "$, $.a, $['a'] and null", def: {
      StartAt: "A",
      States: { A: task({ ResultPath: "$", End: undefined, Next: "B" }), B: task({ ResultPath: "$.a", End: undefined, Next: "C" }),
        C: task({ ResultPath: "$['a']", End: undefined, Next: "D" }), D: task({ ResultPath: null }) },
    } },
  ]);
});

describe("variable scopes", () => {
  rejects([
    { name: "a Map item state assigning an outer name", def: nested("Map", { ...pass, Assign: { outer: 2 } }),
      at: "/States/W/ItemProcessor/States/I/Assign/outer", message: "outer scope" },
    { name: "a Parallel branch state assigning an outer name", def: nested("Parallel", { ...pass, Assign: { "outer.$": "$.x" } }),
      at: "/States/W/Branches/0/States/I/Assign/outer.$" },
    { name: "an inner catcher assigning an outer name",
      def: nested("Map", task({ Catch: [{ ErrorEquals: ["States.ALL"], Next: "I", Assign: { outer: 1 } }] })),
      at: "/States/W/ItemProcessor/States/I/Catch/0/Assign/outer" },
    { name: "an outer name assigned after the Map", def: {
      StartAt: "W",
      States: {
        W: { Type: "Map", Next: "O", ItemProcessor: { StartAt: "I", States: { I: { ...pass, Assign: { later: 1 } } } } },
        O: { ...pass, Assign: { later: 2 } },
      },
    }, at: "/States/W/ItemProcessor/States/I/Assign/later" },
    { name: "a name only an outer catcher assigns", def: {
      StartAt: "T",
      States: {
        T: task({ End: undefined, Next: "W", Catch: [{ ErrorEquals: ["States.ALL"], Next: "W", Assign: { caught: 1 } }] }),
        W: { Type: "Map", End: true, ItemProcessor: { StartAt: "I", States: { I: { ...pass, Assign: { caught: 2 } } } } },
      },
    }, at: "/States/W/ItemProcessor/States/I/Assign/caught" },
    { name: "a name only an outer Choice rule assigns", def: {
      StartAt: "C",
      States: {
        C: { Type: "Choice", Choices: [{ Variable: "$.x", IsPresent: true, Next: "W", Assign: { chosen: 1 } }], Default: "W" },
        W: { Type: "Parallel", End: true, Branches: [{ StartAt: "I", States: { I: { ...pass, Assign: { chosen: 2 } } } }] },
      },
    }, at: "/States/W/Branches/0/States/I/Assign/chosen" },
  ]);
  accepts([
    { name: "new names in an inner scope", def: nested("Map", { ...pass, Assign: { inner: "$outer" } }) },
    { name: "the same name in sibling branches", def: { StartAt: "P", States: { P: { Type: "Parallel", End: true, Branches: [
      { StartAt: "X", States: { X: { ...pass, Assign: { same: 1 } } } },
      { StartAt: "Y", States: { Y: { ...pass, Assign: { same: 2 } } } },
    ] } } } },
    { name: "an outer name in a distributed Map, which starts a scope of its own", def: nested("Distributed", { ...pass, Assign: { outer: 2 } }) },
    { name: "reassigning in the same scope", def: { StartAt: "A", States: { A: { ...pass, Assign: { x: 1 }, End: undefined, Next: "B" },
      B: { ...pass, Assign: { x: 2 } } } } },
  ]);
});

describe("Map Items in JSONata", () => {
  const items = (v: unknown): Def => jsonata({ Type: "Map", Items: v, End: true, ItemProcessor: { StartAt: "I", States: { I: pass } } });
  rejects([
    { name: "a plain string", def: items("$.items"), at: "/States/A/Items" },
    { name: "a number", def: items(3), at: "/States/A/Items" },
  ]);
  accepts([
    { name: "an array", def: items([1, "{% 2 %}"]) },
    { name: "an expression", def: items("{% $states.input.items %}") },
  ]);
});
