/**
 * Valid definitions for the fuzz tests to mutate: a few written here (every state type, both query
 * languages), the tutorial's examples, and, when it is beside the checkout, the conformance corpus.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { EXAMPLES } from "../../worker/examples/definitions.ts";

const lambda = "arn:aws:lambda:us-east-1:123456789012:function:work";

const OWN: object[] = [
  {
    StartAt: "P",
    States: {
      P: {
        Type: "Pass",
        Parameters: { "a.$": "$.a", "f.$": "States.Format('{}-{}', $.a, $$.Execution.Name)" },
        ResultPath: "$.p",
        Next: "C",
      },
      C: {
        Type: "Choice",
        Choices: [
          { Variable: "$.a", IsPresent: true, Next: "W" },
          {
            And: [
              { Variable: "$.n", NumericGreaterThan: 1 },
              { Variable: "$.s", StringMatches: "a*" },
            ],
            Next: "F",
          },
        ],
        Default: "T",
      },
      W: { Type: "Wait", Seconds: 5, Next: "T" },
      T: {
        Type: "Task",
        Resource: lambda,
        TimeoutSeconds: 30,
        HeartbeatSeconds: 10,
        ResultSelector: { "r.$": "$" },
        Retry: [{ ErrorEquals: ["States.TaskFailed"], MaxAttempts: 2, IntervalSeconds: 1, BackoffRate: 2, JitterStrategy: "FULL" }],
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.err", Next: "F" }],
        Next: "M",
      },
      M: {
        Type: "Map",
        ItemsPath: "$.items",
        MaxConcurrency: 2,
        ItemSelector: { "v.$": "$$.Map.Item.Value", "i.$": "$$.Map.Item.Index" },
        ItemProcessor: { StartAt: "I", States: { I: { Type: "Task", Resource: lambda, End: true } } },
        ResultPath: "$.m",
        Next: "Par",
      },
      Par: {
        Type: "Parallel",
        Branches: [
          { StartAt: "B1", States: { B1: { Type: "Pass", Result: 1, End: true } } },
          { StartAt: "B2", States: { B2: { Type: "Wait", SecondsPath: "$.w", End: true } } },
        ],
        OutputPath: "$[0]",
        Next: "S",
      },
      S: { Type: "Succeed" },
      F: { Type: "Fail", Error: "Failed", Cause: "because" },
    },
  },
  {
    QueryLanguage: "JSONata",
    StartAt: "P",
    States: {
      P: { Type: "Pass", Assign: { x: "{% $states.input.a %}", y: 1 }, Output: "{% $merge([$states.input, {'x': $x}]) %}", Next: "C" },
      C: { Type: "Choice", Choices: [{ Condition: "{% $x = 1 %}", Next: "W" }], Default: "T" },
      W: { Type: "Wait", Seconds: "{% 3 %}", Next: "T" },
      T: {
        Type: "Task",
        Resource: "arn:aws:states:::lambda:invoke",
        Arguments: { FunctionName: lambda, Payload: "{% $states.input %}" },
        Output: "{% $states.result.Payload %}",
        Retry: [{ ErrorEquals: ["States.ALL"], MaxAttempts: 1 }],
        Catch: [{ ErrorEquals: ["States.ALL"], Output: "{% $states.errorOutput %}", Next: "F" }],
        Next: "M",
      },
      M: {
        Type: "Map",
        Items: "{% [1, 2, 3] %}",
        ItemProcessor: { StartAt: "I", States: { I: { Type: "Pass", Output: "{% $states.input * 2 %}", End: true } } },
        Next: "D",
      },
      D: {
        Type: "Map",
        Items: "{% $states.input %}",
        ItemProcessor: {
          ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "EXPRESS" },
          StartAt: "J",
          States: { J: { Type: "Pass", End: true } },
        },
        ToleratedFailurePercentage: 10,
        ItemBatcher: { MaxItemsPerBatch: 2 },
        End: true,
      },
      F: { Type: "Fail", Error: "{% 'E' & $string($count($states.input)) %}", Cause: "{% $string($states.input) %}" },
    },
  },
  {
    StartAt: "T",
    TimeoutSeconds: 60,
    States: {
      T: {
        Type: "Task",
        Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken",
        Parameters: { "token.$": "$$.Task.Token" },
        Next: "A",
      },
      A: { Type: "Task", Resource: "arn:aws:states:us-east-1:123456789012:activity:a", Next: "X" },
      X: { Type: "Pass", Parameters: { "r.$": "States.ArrayRange(1, 5, 2)", "h.$": "States.Hash($.a, 'SHA-256')" }, End: true },
    },
  },
];

function corpus(): object[] {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  const dir = `${process.env.PARITY_CORPUS || `${root}/../shared/conformance`}/cases`;
  if (!existsSync(dir)) return [];
  const out: object[] = [];
  for (const category of readdirSync(dir).sort())
    for (const f of readdirSync(`${dir}/${category}`).sort()) {
      if (!f.endsWith(".json")) continue;
      const k = JSON.parse(readFileSync(`${dir}/${category}/${f}`, "utf8"));
      if (k.definition && typeof k.definition === "object") out.push(k.definition);
    }
  return out;
}

/** Definitions to mutate: ours and the examples first, then the corpus's. */
export const SEEDS: object[] = [...OWN, ...EXAMPLES.map((e) => e.definition), ...corpus()];
/** Inputs that reach into the seeds' paths. */
export const INPUTS: unknown[] = [{}, { a: 1, n: 2, s: "aa", items: [1, 2], w: 1 }, [1, 2, 3], "text", null, { items: "no" }];
