// problem(): null when configuration resolves a resource, else why not (shown at state machine creation).
import { describe, expect, it } from "vitest";
import { dispatcher } from "./dispatch-helpers.ts";

describe("problem(resource)", () => {
  it("accepts what resolves", () => {
    const d = dispatcher();
    for (const r of [
      "worker:TASKS",
      "worker:TASKS/validateOrder",
      "worker:TASKS/validateOrder.waitForTaskToken",
      "https://example.com/hook",
      "http://localhost:8787/x",
      "arn:aws:lambda:us-east-1:123456789012:function:validate-order",
      "arn:aws:lambda:us-east-1:123456789012:function:validate-order:prod",
      "arn:aws:states:::lambda:invoke",
      "arn:aws:states:::lambda:invoke.waitForTaskToken",
    ]) {
      expect([r, d.problem(r)]).toEqual([r, null]);
    }
  });

  it.each([
    ["worker:MISSING", /No service binding 'MISSING'/],
    ["worker:DB", /'DB' is not a service binding/],
    ["worker:9bad", /'9bad' is not a binding name/],
    ["worker:TASKS/not-a-name", /'not-a-name' is not a method name/],
    ["worker:TASKS/fetch", /'fetch' cannot be called as a task/],
    ["https://exa mple.com/", /is not a valid URL/],
    ["arn:aws:lambda:us-east-1:123456789012:function:unmapped", /Function not found: unmapped/],
    ["arn:aws:states:::sns:publish.sync", /\.sync pattern is not supported/],
    ["arn:aws:states:::sns:createTopic", /'arn:aws:states:::sns:createTopic' is not supported: sns offers publish/],
    ["arn:aws:states:::ecs:runTask.sync", /\.sync pattern is not supported|No dispatcher/],
    ["something-else", /No dispatcher for resource 'something-else'/],
    ["ai:MODEL:run", /No dispatcher for resource 'ai:MODEL:run'/],
  ])("refuses %s", (resource, why) => {
    expect(dispatcher().problem(resource)).toMatch(why);
  });

  it("refuses Lambda resources when LAMBDA_FUNCTIONS is missing, or maps to something unusable", () => {
    const none = dispatcher({ LAMBDA_FUNCTIONS: undefined });
    expect(none.problem("arn:aws:states:::lambda:invoke")).toMatch(/needs LAMBDA_FUNCTIONS/);
    expect(none.problem("arn:aws:lambda:us-east-1:123456789012:function:f")).toMatch(/LAMBDA_FUNCTIONS is not configured/);
    const bad = dispatcher({ LAMBDA_FUNCTIONS: { f: "ftp://x", g: "worker:NOPE" } });
    expect(bad.problem("arn:aws:lambda:us-east-1:123456789012:function:f")).toMatch(/maps f to an unusable target/);
    expect(bad.problem("arn:aws:lambda:us-east-1:123456789012:function:g")).toMatch(/No service binding 'NOPE'/);
  });

  it("dispatching an unresolvable resource fails the task instead of throwing", async () => {
    const out = await dispatcher().dispatch({
      resource: "worker:MISSING/run",
      input: {},
      stateName: "S",
      executionArn: "arn:x",
      idempotencyKey: "k",
    });
    expect(out).toEqual({ error: "States.TaskFailed", cause: "No service binding 'MISSING'" });
  });
});
