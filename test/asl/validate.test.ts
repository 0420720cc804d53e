import { describe, expect, it } from "vitest";
import { validateDefinition, type ValidateOptions } from "../../shared/asl/validate/index.ts";
import type { Diagnostic } from "../../shared/asl/types.ts";

type Def = Record<string, unknown>;

/** A machine of one state named A. */
const one = (state: Def, top: Def = {}): Def => ({ StartAt: "A", States: { A: state }, ...top });
const pass: Def = { Type: "Pass", End: true };
const task = (extra: Def = {}): Def => ({ Type: "Task", Resource: "arn:aws:states:::lambda:invoke", End: true, ...extra });
const choice = (rule: Def, extra: Def = {}): Def => ({
  StartAt: "C",
  States: { C: { Type: "Choice", Choices: [{ Next: "D", ...rule }], Default: "D", ...extra }, D: pass },
});
const map = (extra: Def): Def =>
  one({ Type: "Map", ItemProcessor: { StartAt: "I", States: { I: pass } }, End: true, ...extra });

const diagnostics = (def: unknown, opts?: ValidateOptions): Diagnostic[] => validateDefinition(def, opts).diagnostics;

interface Case {
  name: string;
  def: unknown;
  opts?: ValidateOptions;
  code?: string;
  at: string;
  message?: string;
}

const S = "SCHEMA_VALIDATION_FAILED";
const T = "MISSING_TRANSITION_TARGET";

function run(cases: Case[]): void {
  it.each(cases)("$name", ({ def, opts, code = S, at, message }) => {
    const found = diagnostics(def, opts);
    expect(found).toContainEqual(
      expect.objectContaining({ code, location: at, severity: "ERROR", ...(message ? { message: expect.stringContaining(message) } : {}) }),
    );
  });
}

describe("text that is not a definition", () => {
  run([
    { name: "not JSON", def: "not a definition", code: "INVALID_JSON_DESCRIPTION", at: "/" },
    { name: "truncated JSON", def: '{"StartAt": "A",', code: "INVALID_JSON_DESCRIPTION", at: "/" },
    { name: "blank text", def: " ", at: "/", message: "Definition must be a valid JSON object" },
    { name: "a JSON array", def: "[1, 2]", at: "/", message: "Definition must be a valid JSON object" },
    { name: "a JSON string", def: '"hello"', at: "/", message: "Definition must be a valid JSON object" },
    { name: "a number value", def: 42, at: "/", message: "Definition must be a valid JSON object" },
    { name: "null", def: null, at: "/", message: "Definition must be a valid JSON object" },
    { name: "too large text", def: JSON.stringify(one(pass)), opts: { maxBytes: 20 }, at: "/", message: "at most 20 bytes" },
    { name: "too large object", def: one(pass), opts: { maxBytes: 20 }, at: "/", message: "at most 20 bytes" },
  ]);

  it("counts UTF-8 bytes, not characters", () => {
    const def = JSON.stringify(one({ ...pass, Comment: "é".repeat(100) }));
    expect(diagnostics(def, { maxBytes: def.length + 50 })).toHaveLength(1);
    expect(diagnostics(def, { maxBytes: def.length + 100 })).toEqual([]);
  });

  it("defaults to AWS's 1 MiB limit", () => {
    const big = JSON.stringify(one({ ...pass, Comment: "x".repeat(1024 * 1024) }));
    expect(diagnostics(big)[0]?.message).toContain("1048576");
  });

  it("returns the parsed definition", () => {
    const text = JSON.stringify(one(pass));
    expect(validateDefinition(text).definition).toEqual(one(pass));
    expect(validateDefinition("nope").definition).toBeUndefined();
  });

  it("never throws, whatever it is given", () => {
    const cyclic: Def = { StartAt: "A" };
    cyclic.self = cyclic;
    for (const input of [undefined, () => 1, Symbol("x"), cyclic, [], { States: 5, StartAt: [] }]) {
      expect(() => validateDefinition(input)).not.toThrow();
      expect(diagnostics(input).length).toBeGreaterThan(0);
    }
  });
});

describe("accepted definitions", () => {
  it.each([
    ["a Pass state", one(pass)],
    ["a custom (host-defined) resource", one({ Type: "Task", Resource: "worker:billing", End: true })],
    ["a Lambda ARN", one({ Type: "Task", Resource: "arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST", End: true })],
    ["an aws-sdk integration with a token", one(task({ Resource: "arn:aws:states:::aws-sdk:s3:listBuckets.waitForTaskToken" }))],
    ["a nested .sync:2 execution", one(task({ Resource: "arn:aws:states:::states:startExecution.sync:2" }))],
    ["an activity", one(task({ Resource: "arn:aws:states:us-east-1:123456789012:activity:work" }))],
    ["null paths", one({ ...pass, InputPath: null, OutputPath: null, ResultPath: null })],
    ["variables in a JSONPath state", one({ ...pass, Assign: { x: 1, "y.$": "$.y" } })],
    ["a Wait with a fractional, offset timestamp", one({ Type: "Wait", Timestamp: "2024-02-29T23:59:59.123+05:30", End: true })],
    ["a JSONata machine", {
      QueryLanguage: "JSONata",
      StartAt: "T",
      States: {
        T: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Arguments: { Payload: "{% $states.input %}" },
          Output: "{% $states.result %}", Assign: { r: "{% $states.result %}" }, TimeoutSeconds: "{% $t %}", Next: "C",
          Catch: [{ ErrorEquals: ["States.ALL"], Output: "{% $states.errorOutput %}", Next: "F" }] },
        C: { Type: "Choice", Choices: [{ Condition: "{% $r > 1 %}", Next: "W", Output: { a: 1 } }], Default: "S" },
        W: { Type: "Wait", Seconds: "{% $r %}", Next: "M" },
        M: { Type: "Map", Items: "{% [1, 2] %}", ItemProcessor: { StartAt: "P", States: { P: pass } }, MaxConcurrency: 2, Next: "S" },
        S: { Type: "Succeed", Output: "{% 1 %}" },
        F: { Type: "Fail", Error: "E", Cause: "{% 'c' %}" },
      },
    }],
    ["a JSONPath Map with a JSONata item processor state", {
      StartAt: "Map", QueryLanguage: "JSONPath",
      States: { Map: { Type: "Map", QueryLanguage: "JSONata", ItemProcessor: { ProcessorConfig: { Mode: "INLINE" }, StartAt: "P",
        States: { P: { QueryLanguage: "JSONPath", Type: "Pass", End: true } } }, End: true } },
    }],
    ["every Choice operator kind", choice({
      And: [
        { Variable: "$.s", StringMatches: "a*" },
        { Variable: "$.n", NumericGreaterThanEqualsPath: "$.m" },
        { Not: { Variable: "$.b", BooleanEquals: true } },
        { Or: [{ Variable: "$.t", TimestampLessThan: "2020-01-01T00:00:00Z" }, { Variable: "$.x", IsPresent: false }] },
      ],
    })],
    ["a distributed Map with a Label", map({ Label: "my-label_1", ItemProcessor: { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "EXPRESS" }, StartAt: "I", States: { I: pass } } })],
    ["Fail with intrinsic ErrorPath", one({ Type: "Fail", ErrorPath: "$.e", CausePath: "States.Format('{}', $.c)" })],
  ])("%s", (_, def) => {
    expect(diagnostics(def)).toEqual([]);
    expect(diagnostics(JSON.stringify(def))).toEqual([]);
  });
});

describe("machine structure", () => {
  run([
    { name: "StartAt missing", def: { States: { A: pass } }, at: "/", message: "These fields are required: [StartAt]" },
    { name: "States missing", def: { StartAt: "A" }, at: "/", message: "These fields are required: [States]" },
    { name: "States empty", def: { StartAt: "A", States: {} }, at: "/States" },
    { name: "States not an object", def: { StartAt: "A", States: [] }, at: "/States" },
    { name: "unknown top-level field", def: one(pass, { Foo: 1 }), at: "/", message: "Field 'Foo' is not supported" },
    { name: "bad QueryLanguage", def: one(pass, { QueryLanguage: "XPath" }), at: "/QueryLanguage" },
    { name: "TimeoutSeconds zero", def: one(pass, { TimeoutSeconds: 0 }), at: "/TimeoutSeconds" },
    { name: "state name over 80 characters", def: { StartAt: "x".repeat(81), States: { ["x".repeat(81)]: pass } }, code: "INVALID_STATE_NAME", at: `/States/${"x".repeat(81)}` },
    { name: "state name with a slash is escaped", def: { StartAt: "a/b", States: { "a/b": { Type: "Nope" } } }, at: "/States/a~1b/Type" },
  ]);

  it("reports only the missing StartAt when that is all that is wrong", () => {
    expect(diagnostics({ States: { StartState: pass } })).toEqual([
      { code: S, location: "/", message: "These fields are required: [StartAt]", severity: "ERROR" },
    ]);
  });
});

describe("transitions", () => {
  run([
    { name: "StartAt names no state", def: { StartAt: "X", States: { A: pass } }, code: T, at: "/StartAt", message: "Missing 'Next' target: X" },
    { name: "Next names no state", def: { StartAt: "A", States: { A: { Type: "Pass", Next: "X" }, B: pass } }, code: T, at: "/States/A/Next" },
    { name: "Default names no state", def: choice({ Variable: "$.a", IsNull: true }, { Default: "X" }), code: T, at: "/States/C/Default" },
    { name: "a rule's Next names no state", def: choice({ Variable: "$.a", IsNull: true, Next: "X" }), code: T, at: "/States/C/Choices/0/Next" },
    { name: "a catcher's Next names no state", def: one(task({ Catch: [{ ErrorEquals: ["E"], Next: "X" }] })), code: T, at: "/States/A/Catch/0/Next" },
    { name: "unreachable state", def: { StartAt: "A", States: { A: pass, B: pass } }, code: T, at: "/States/B", message: 'State "B" is not reachable.' },
    { name: "no terminal state", def: { StartAt: "A", States: { A: { Type: "Pass", Next: "B" }, B: { Type: "Pass", Next: "A" } } }, code: "MISSING_END_STATE", at: "/" },
    { name: "Next and End", def: one({ Type: "Pass", Next: "A", End: true }), at: "/States/A", message: "[Next, End]" },
    { name: "neither Next nor End", def: { StartAt: "A", States: { A: { Type: "Pass" }, B: { Type: "Succeed" } } }, at: "/States/A", message: "[Next, End]" },
    { name: "End on a Choice", def: choice({ Variable: "$.a", IsNull: true }, { End: true }), at: "/States/C", message: "Field 'End' is not supported" },
    { name: "a branch jumping out", def: { StartAt: "P", States: { P: { Type: "Parallel", Branches: [{ StartAt: "B", States: { B: { Type: "Pass", Next: "Q" }, E: pass } }], Next: "Q" }, Q: pass } }, code: T, at: "/States/P/Branches/0/States/B/Next" },
  ]);

  it("counts a state as reachable when any transition names it, as AWS does", () => {
    // AWS reports only the state that nothing targets (A), not the ones after it.
    const found = diagnostics({ StartAt: "X", States: { A: { Type: "Pass", Next: "B" }, B: pass } });
    expect(found.map((d) => `${d.code} ${d.location}`)).toEqual([`${T} /StartAt`, `${T} /States/A`]);
  });
});

describe("state types and fields", () => {
  run([
    { name: "Type missing", def: one({ End: true }), at: "/States/A", message: "These fields are required: [Type]" },
    { name: "Type unknown", def: one({ Type: "Sleep", End: true }), at: "/States/A/Type", message: "Value should be one of the following" },
    { name: "state not an object", def: one("Pass" as unknown as Def), at: "/States/A" },
    { name: "Resource on a Pass", def: one({ ...pass, Resource: "x" }), at: "/States/A", message: "Field 'Resource' is not supported" },
    { name: "Retry on a Pass", def: one({ ...pass, Retry: [] }), at: "/States/A", message: "Field 'Retry' is not supported" },
    { name: "TimeoutSeconds on a Map", def: map({ TimeoutSeconds: 5 }), at: "/States/A", message: "Field 'TimeoutSeconds' is not supported" },
    { name: "Assign on a Succeed", def: one({ Type: "Succeed", Assign: {} }), at: "/States/A", message: "Field 'Assign' is not supported" },
    { name: "JSONPath field in a JSONata state", def: one({ ...pass, QueryLanguage: "JSONata", InputPath: "$" }), at: "/States/A", message: "field 'InputPath' is only supported for the 'JSONPath' QueryLanguage" },
    { name: "JSONata field in a JSONPath state", def: one({ ...pass, Output: 1 }), at: "/States/A", message: "field 'Output' is only supported for the 'JSONata' QueryLanguage" },
    { name: "JSONPath state in a JSONata machine", def: one({ ...pass, QueryLanguage: "JSONPath" }, { QueryLanguage: "JSONata" }), at: "/States/A", message: "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine" },
    { name: "bad state QueryLanguage", def: one({ ...pass, QueryLanguage: "jsonata" }), at: "/States/A/QueryLanguage" },
    { name: "QueryLanguage on a branch", def: one({ Type: "Parallel", Branches: [{ QueryLanguage: "JSONata", StartAt: "B", States: { B: pass } }], End: true }), at: "/States/A/Branches/0", message: "Field 'QueryLanguage' is not supported" },
    { name: "Parameters not an object", def: one({ ...pass, Parameters: "x" }), at: "/States/A/Parameters" },
    { name: "Assign not an object", def: one({ ...pass, Assign: [1] }), at: "/States/A/Assign" },
    { name: "Comment not a string", def: one({ ...pass, Comment: 5 }), at: "/States/A/Comment" },
  ]);
});

describe("paths", () => {
  run([
    { name: "InputPath without $", def: one({ ...pass, InputPath: "a.b" }), at: "/States/A/InputPath", message: "must be a valid JSONPath" },
    { name: "OutputPath a number", def: one({ ...pass, OutputPath: 5 }), at: "/States/A/OutputPath" },
    { name: "ResultPath empty", def: one({ ...pass, ResultPath: "" }), at: "/States/A/ResultPath" },
    { name: "ItemsPath null", def: map({ ItemsPath: null }), at: "/States/A/ItemsPath" },
    { name: "SecondsPath without $", def: one({ Type: "Wait", SecondsPath: "x", End: true }), at: "/States/A/SecondsPath" },
    { name: "TimeoutSecondsPath an object", def: one(task({ TimeoutSecondsPath: {} })), at: "/States/A/TimeoutSecondsPath" },
    { name: "catcher ResultPath", def: one(task({ Catch: [{ ErrorEquals: ["E"], Next: "A", ResultPath: "r" }] })), at: "/States/A/Catch/0/ResultPath" },
  ]);
});

describe("Choice", () => {
  run([
    { name: "Choices missing", def: one({ Type: "Choice", Default: "A" }), at: "/States/A", message: "These fields are required: [Choices]" },
    { name: "Choices empty", def: choice({}, { Choices: [] }), at: "/States/C/Choices" },
    { name: "no operator", def: choice({ Variable: "$.a" }), at: "/States/C/Choices/0", message: "exactly one comparison operator" },
    { name: "two operators", def: choice({ Variable: "$.a", IsNull: true, IsString: true }), at: "/States/C/Choices/0" },
    { name: "Variable missing", def: choice({ StringEquals: "x" }), at: "/States/C/Choices/0", message: "These fields are required: [Variable]" },
    { name: "Variable not a path", def: choice({ Variable: "a", StringEquals: "x" }), at: "/States/C/Choices/0/Variable" },
    { name: "Next missing on a rule", def: { StartAt: "C", States: { C: { Type: "Choice", Choices: [{ Variable: "$.a", IsNull: true }], Default: "D" }, D: pass } }, at: "/States/C/Choices/0", message: "These fields are required: [Next]" },
    { name: "Next on a nested rule", def: choice({ Not: { Variable: "$.a", IsNull: true, Next: "D" } }), at: "/States/C/Choices/0/Not", message: "Field 'Next' is not supported" },
    { name: "And empty", def: choice({ And: [] }), at: "/States/C/Choices/0/And" },
    { name: "bad rule deep inside", def: choice({ Or: [{ Variable: "$.a", IsNull: true }, { Not: { Variable: "$.b" } }] }), at: "/States/C/Choices/0/Or/1/Not" },
    { name: "StringEquals with a number", def: choice({ Variable: "$.a", StringEquals: 1 }), at: "/States/C/Choices/0/StringEquals" },
    { name: "NumericLessThan with a string", def: choice({ Variable: "$.a", NumericLessThan: "1" }), at: "/States/C/Choices/0/NumericLessThan" },
    { name: "BooleanEquals with a string", def: choice({ Variable: "$.a", BooleanEquals: "true" }), at: "/States/C/Choices/0/BooleanEquals" },
    { name: "IsPresent with a string", def: choice({ Variable: "$.a", IsPresent: "yes" }), at: "/States/C/Choices/0/IsPresent" },
    { name: "TimestampEquals not RFC3339", def: choice({ Variable: "$.a", TimestampEquals: "2020-01-01" }), at: "/States/C/Choices/0/TimestampEquals", message: "String does not match RFC3339 timestamp" },
    { name: "a *Path operator without $", def: choice({ Variable: "$.a", StringEqualsPath: "b" }), at: "/States/C/Choices/0/StringEqualsPath" },
    { name: "JSONata rule without Condition", def: choice({ Assign: {} }, { QueryLanguage: "JSONata" }), at: "/States/C/Choices/0", message: "These fields are required: [Condition]" },
    { name: "Variable in a JSONata rule", def: choice({ Condition: "{% true %}", Variable: "$.a" }, { QueryLanguage: "JSONata" }), at: "/States/C/Choices/0", message: "field 'Variable' is only supported for the 'JSONPath' QueryLanguage" },
  ]);
});

describe("Retry and Catch", () => {
  const retry = (r: Def): Def => one(task({ Retry: [{ ErrorEquals: ["E"], ...r }] }));
  run([
    { name: "ErrorEquals missing", def: one(task({ Retry: [{ MaxAttempts: 1 }] })), at: "/States/A/Retry/0", message: "These fields are required: [ErrorEquals]" },
    { name: "ErrorEquals empty", def: retry({ ErrorEquals: [] }), at: "/States/A/Retry/0/ErrorEquals" },
    { name: "IntervalSeconds zero", def: retry({ IntervalSeconds: 0 }), at: "/States/A/Retry/0/IntervalSeconds", message: "Minimum value is 1" },
    { name: "IntervalSeconds fractional", def: retry({ IntervalSeconds: 1.5 }), at: "/States/A/Retry/0/IntervalSeconds", message: "integer" },
    { name: "MaxAttempts negative", def: retry({ MaxAttempts: -1 }), at: "/States/A/Retry/0/MaxAttempts", message: "Minimum value is 0" },
    { name: "BackoffRate below 1", def: retry({ BackoffRate: 0.5 }), at: "/States/A/Retry/0/BackoffRate", message: "Minimum value is 1" },
    { name: "MaxDelaySeconds zero", def: retry({ MaxDelaySeconds: 0 }), at: "/States/A/Retry/0/MaxDelaySeconds" },
    { name: "JitterStrategy unknown", def: retry({ JitterStrategy: "HALF" }), at: "/States/A/Retry/0/JitterStrategy", message: "[FULL, NONE]" },
    { name: "unknown retrier field", def: retry({ Delay: 1 }), at: "/States/A/Retry/0", message: "Field 'Delay' is not supported" },
    { name: "States.ALL with others", def: retry({ ErrorEquals: ["E", "States.ALL"] }), at: "/States/A/Retry/0/ErrorEquals", message: "alone" },
    { name: "States.ALL not last in Retry", def: one(task({ Retry: [{ ErrorEquals: ["States.ALL"] }, { ErrorEquals: ["E"] }] })), at: "/States/A/Retry/0", message: "last" },
    { name: "States.ALL not last in Catch", def: one(task({ Catch: [{ ErrorEquals: ["States.ALL"], Next: "A" }, { ErrorEquals: ["E"], Next: "A" }] })), at: "/States/A/Catch/0", message: "last" },
    { name: "catcher without Next", def: one(task({ Catch: [{ ErrorEquals: ["E"] }] })), at: "/States/A/Catch/0", message: "These fields are required: [Next]" },
    { name: "Retry not an array", def: one(task({ Retry: {} })), at: "/States/A/Retry" },
  ]);

  it("warns of, but accepts, a States.* name AWS does not define (AWS deploys a Catch on one a Fail state raises)", () => {
    const d = diagnostics(one(task({ Catch: [{ ErrorEquals: ["States.QuorumMet"], Next: "A" }] })));
    expect(d).toEqual([expect.objectContaining({ severity: "WARNING", location: "/States/A/Catch/0/ErrorEquals/0" })]);
    expect(d[0].message).toMatch(/'States.QuorumMet' is not an error Step Functions raises/);
  });

  it("accepts every error name AWS defines", () => {
    const names = ["States.Timeout", "States.TaskFailed", "States.Permissions", "States.HeartbeatTimeout", "States.Runtime",
      "States.DataLimitExceeded", "States.BranchFailed", "States.QueryEvaluationError", "States.Http.Socket", "Lambda.Unknown"];
    expect(diagnostics(one(task({ Retry: [{ ErrorEquals: names }] })))).toEqual([]);
  });
});

describe("Wait", () => {
  const wait = (w: Def): Def => one({ Type: "Wait", End: true, ...w });
  run([
    { name: "no duration", def: wait({}), at: "/States/A", message: "Exactly one of these fields is required" },
    { name: "two durations", def: wait({ Seconds: 1, TimestampPath: "$.t" }), at: "/States/A" },
    { name: "Seconds negative", def: wait({ Seconds: -1 }), at: "/States/A/Seconds" },
    { name: "Seconds too large", def: wait({ Seconds: 100000000 }), at: "/States/A/Seconds", message: "Maximum value is 99999999" },
    ...["2016-13-05T21:29:29Z", "05-12-2016T21:29:29Z", "2016-12-05T25:29:29Z", "2016-12-05 21:29:29Z", "2016-12-05T21:29:29", "2021-02-29T00:00:00Z", "2016-12-05t21:29:29z"]
      .map((ts) => ({ name: `Timestamp ${ts}`, def: wait({ Timestamp: ts }), at: "/States/A/Timestamp", message: "String does not match RFC3339 timestamp" })),
  ]);
});

describe("Task", () => {
  run([
    { name: "Resource missing", def: one({ Type: "Task", End: true }), at: "/States/A", message: "These fields are required: [Resource]" },
    { name: "Resource not a string", def: one(task({ Resource: 5 })), at: "/States/A/Resource" },
    { name: "Resource empty", def: one(task({ Resource: "" })), code: "INVALID_RESOURCE", at: "/States/A/Resource" },
    { name: "unknown integration action", def: one(task({ Resource: "arn:aws:states:::dynamodb:query" })), at: "/States/A/Resource", message: "The resource provided arn:aws:states:::dynamodb:query is not recognized" },
    { name: "unknown integration service", def: one(task({ Resource: "arn:aws:states:::teleport:send" })), at: "/States/A/Resource", message: "is not recognized" },
    { name: "pattern an action lacks", def: one(task({ Resource: "arn:aws:states:::dynamodb:putItem.sync" })), at: "/States/A/Resource", message: "is not recognized" },
    { name: "ARN of another service", def: one(task({ Resource: "arn:aws:sqs:us-east-1:123456789012:queue" })), at: "/States/A/Resource", message: "is not recognized" },
    { name: "malformed Lambda ARN", def: one(task({ Resource: "arn:aws:lambda:us-east-1:function:f" })), at: "/States/A/Resource" },
    { name: "TimeoutSeconds zero", def: one(task({ TimeoutSeconds: 0 })), at: "/States/A/TimeoutSeconds" },
    { name: "HeartbeatSeconds fractional", def: one(task({ HeartbeatSeconds: 2.5 })), at: "/States/A/HeartbeatSeconds" },
    { name: "heartbeat not below timeout", def: one(task({ TimeoutSeconds: 10, HeartbeatSeconds: 10 })), at: "/States/A/HeartbeatSeconds" },
    { name: "TimeoutSeconds and its path", def: one(task({ TimeoutSeconds: 10, TimeoutSecondsPath: "$.t" })), at: "/States/A", message: "cannot be used together" },
    { name: "empty Credentials", def: one(task({ Credentials: {} })), at: "/States/A/Credentials", message: "The field 'RoleArn' is required but was missing" },
    { name: "Credentials with another field", def: one(task({ Credentials: { InvalidField: "x" } })), at: "/States/A/Credentials", message: "The field 'RoleArn' is required but was missing" },
    { name: "Express .sync", def: one(task({ Resource: "arn:aws:states:::states:startExecution.sync" })), opts: { type: "EXPRESS" }, at: "/States/A/Resource", message: "Express state machine does not support '.sync' service integration" },
    { name: "Express .sync:2", def: one(task({ Resource: "arn:aws:states:::states:startExecution.sync:2" })), opts: { type: "EXPRESS" }, at: "/States/A/Resource", message: "'.sync'" },
    { name: "Express .waitForTaskToken", def: one(task({ Resource: "arn:aws:states:::sns:publish.waitForTaskToken" })), opts: { type: "EXPRESS" }, at: "/States/A/Resource", message: "Express state machine does not support '.waitForTaskToken' service integration" },
    { name: "Express activity", def: one(task({ Resource: "arn:aws:states:us-east-1:123456789012:activity:a" })), opts: { type: "EXPRESS" }, at: "/States/A/Resource", message: "Express state machine does not support Activity ARN" },
  ]);

  it("accepts .sync, tokens and activities in a Standard machine", () => {
    for (const resource of ["arn:aws:states:::states:startExecution.sync", "arn:aws:states:::sns:publish.waitForTaskToken", "arn:aws:states:us-east-1:123456789012:activity:a"]) {
      expect(diagnostics(one(task({ Resource: resource })), { type: "STANDARD" })).toEqual([]);
    }
  });

  it("accepts a JSONata RoleArn and a JSONPath RoleArn.$", () => {
    expect(diagnostics(one(task({ Credentials: { "RoleArn.$": "$.role" } })))).toEqual([]);
    expect(diagnostics(one(task({ Credentials: { RoleArn: "{% $role %}" }, Arguments: {} }), { QueryLanguage: "JSONata" }))).toEqual([]);
  });
});

describe("Fail", () => {
  run([
    { name: "Error and ErrorPath", def: one({ Type: "Fail", Error: "E", ErrorPath: "$.e" }), at: "/States/A", message: "[Error, ErrorPath]" },
    { name: "Cause and CausePath", def: one({ Type: "Fail", Cause: "C", CausePath: "$.c" }), at: "/States/A", message: "[Cause, CausePath]" },
    { name: "Next on a Fail", def: { StartAt: "A", States: { A: { Type: "Fail", Next: "B" }, B: pass } }, at: "/States/A", message: "Field 'Next' is not supported" },
  ]);
});

describe("Parallel and Map", () => {
  const inner = (state: Def): Def => ({ StartAt: "X", States: { X: state } });
  run([
    { name: "Branches missing", def: one({ Type: "Parallel", End: true }), at: "/States/A", message: "These fields are required: [Branches]" },
    { name: "Branches empty", def: one({ Type: "Parallel", Branches: [], End: true }), at: "/States/A/Branches" },
    { name: "a problem inside a branch", def: one({ Type: "Parallel", Branches: [inner(pass), inner({ Type: "Pass", Next: "Y" })], End: true }), code: T, at: "/States/A/Branches/1/States/X/Next" },
    { name: "the same state name in two branches", def: one({ Type: "Parallel", Branches: [inner(pass), { StartAt: "Y", States: { Y: pass } }, inner(pass)], End: true }), code: "DUPLICATE_STATE_NAME", at: "/States/A/Branches/2/States/X", message: "Duplicate State name: X" },
    { name: "ItemProcessor missing", def: one({ Type: "Map", End: true }), at: "/States/A", message: "These fields are required: [ItemProcessor]" },
    { name: "a problem inside the item processor", def: map({ ItemProcessor: inner({ Type: "Task", End: true }) }), at: "/States/A/ItemProcessor/States/X", message: "[Resource]" },
    { name: "a problem inside an Iterator", def: one({ Type: "Map", Iterator: inner({ Type: "Wait", End: true }), End: true }), at: "/States/A/Iterator/States/X" },
    { name: "Mode unknown", def: map({ ItemProcessor: { ProcessorConfig: { Mode: "PARALLEL" }, StartAt: "I", States: { I: pass } } }), at: "/States/A/ItemProcessor/ProcessorConfig/Mode", message: "[INLINE, DISTRIBUTED]" },
    { name: "MaxConcurrency negative", def: map({ MaxConcurrency: -1 }), at: "/States/A/MaxConcurrency" },
    { name: "ToleratedFailurePercentage over 100", def: map({ ToleratedFailurePercentage: 101 }), at: "/States/A/ToleratedFailurePercentage" },
    { name: "Label too long", def: map({ Label: "l".repeat(41) }), at: "/States/A/Label", message: "Label cannot exceed 40 characters" },
    { name: "the same Label twice", def: { StartAt: "A", States: { A: { Type: "Map", Label: "L", ItemProcessor: inner(pass), Next: "B" }, B: { Type: "Map", Label: "L", ItemProcessor: { StartAt: "Y", States: { Y: pass } }, End: true } } }, code: "DUPLICATE_LABEL_NAME", at: "/States/B/Label" },
  ]);

  it.each([" ", "?", "*", "<", ">", "{", "}", "[", "]", ":", ";", ",", "\\", "|", "^", "~", "$", "#", "%", "&", "`", '"', "\t", "\u0000", "\u001f", "\u007f", "\u0085", "\u009f"])(
    "rejects %j in a Label",
    (ch) => {
      const found = diagnostics(map({ Label: `label_${ch}` }));
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ code: S, location: "/States/A/Label" });
      expect(found[0].message).toMatch(/^Label contains invalid character: '.+'$/);
    },
  );

  it("quotes characters in a Label the way AWS does", () => {
    expect(diagnostics(map({ Label: "a]" }))[0].message).toBe("Label contains invalid character: ']'");
    expect(diagnostics(map({ Label: "a\u0000" }))[0].message).toBe("Label contains invalid character: '\\x00'");
    expect(diagnostics(map({ Label: "a\\" }))[0].message).toBe("Label contains invalid character: '\\\\'");
  });
});

describe("reporting", () => {
  it("reports all problems, not only the first", () => {
    const def = {
      StartAt: "A",
      Extra: true,
      States: {
        A: { Type: "Task", Resource: "arn:aws:states:::dynamodb:query", TimeoutSeconds: 0, Next: "Missing" },
        B: { Type: "Wait", Timestamp: "yesterday", End: true },
        C: { Type: "Choice", Choices: [], Default: "B" },
        D: { Type: "Map", End: true, ItemProcessor: { StartAt: "I", States: { I: { Type: "Pass" } } } },
      },
    };
    const where = diagnostics(def).map((d) => `${d.code} ${d.location}`);
    expect(where).toEqual(expect.arrayContaining([
      `${S} /`,
      `${S} /States/A/Resource`,
      `${S} /States/A/TimeoutSeconds`,
      `${S} /States/B/Timestamp`,
      `${S} /States/C/Choices`,
      `${S} /States/D/ItemProcessor/States/I`,
      `${T} /States/A/Next`,
      `${T} /States/C`,
      `${T} /States/D`,
    ]));
  });

  it("gives every diagnostic a code, a location and a message", () => {
    for (const d of diagnostics({ StartAt: 1, States: { A: { Type: "Pass", Next: 2, InputPath: 3 } } })) {
      expect(d.code).toMatch(/^[A-Z_]+$/);
      expect(d.location.startsWith("/")).toBe(true);
      expect(d.message.length).toBeGreaterThan(0);
      expect(d.severity).toBe("ERROR");
    }
  });

  it("refuses nesting deeper than it can walk", () => {
    let machine: Def = { StartAt: "P", States: { P: pass } };
    for (let i = 0; i < 200; i++) machine = { StartAt: "P", States: { P: { Type: "Parallel", Branches: [machine], End: true } } };
    expect(diagnostics(machine).map((d) => d.code)).toContain("TOO_DEEPLY_NESTED");
  });
});

describe("speed", () => {
  it("validates a 100-state chain well under a millisecond", () => {
    const States: Def = {};
    for (let i = 0; i < 100; i++) {
      const flow = i === 99 ? { End: true } : { Next: `S${i + 1}` };
      States[`S${i}`] = i % 2 ? { Type: "Pass", ResultPath: "$.r", ...flow } : task({ Retry: [{ ErrorEquals: ["States.ALL"] }], ...flow, End: undefined });
    }
    const def = { StartAt: "S0", States: JSON.parse(JSON.stringify(States)) };
    expect(diagnostics(def)).toEqual([]);
    for (let i = 0; i < 50; i++) validateDefinition(def);
    const runs = 200, start = performance.now();
    for (let i = 0; i < runs; i++) validateDefinition(def);
    expect((performance.now() - start) / runs).toBeLessThan(1);
  });
});

describe("JSONata strings", () => {
  const jsonata = (state: Def): Def => one(state, { QueryLanguage: "JSONata" });
  run([
    { name: "an unclosed expression in Output", def: jsonata({ ...pass, Output: "{% $states.input" }), at: "/States/A/Output", message: "JSONata string must start with {% and end with %}" },
    { name: "an unclosed expression deep in Arguments", def: jsonata(task({ Arguments: { a: [1, { b: "{% 1 + " }] } })), at: "/States/A/Arguments/a/1/b" },
    { name: "Arguments neither object nor expression", def: jsonata(task({ Arguments: 5 })), at: "/States/A/Arguments" },
  ]);

  it("leaves JSONPath states' strings alone", () => {
    expect(diagnostics(one({ ...pass, Result: "{% not an expression" }))).toEqual([]);
  });
});
