// POST /test-state: AWS's TestState over the REST API (the logic is worker/routes/service/teststate.ts).
import { describe, expect, it } from "vitest";
import { call, post } from "./api-client.ts";

const TASK = { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Catch: [{ ErrorEquals: ["States.ALL"], Next: "Handle" }], End: true };

describe("POST /test-state", () => {
  it("runs one state with a mock and answers AWS's TestState response", async () => {
    const r = await post("/test-state", { definition: JSON.stringify(TASK), input: "{\"a\":1}", mock: { result: "{\"StatusCode\":200,\"Payload\":7}" } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: "SUCCEEDED", output: "{\"StatusCode\":200,\"Payload\":7}" });
  });

  it("takes JSON values where AWS takes JSON texts, and reports a caught error with inspection data", async () => {
    const r = await post("/test-state", { definition: TASK, input: { a: 1 }, mock: { errorOutput: { error: "Boom", cause: "c" } }, inspectionLevel: "TRACE" });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: "CAUGHT_ERROR", error: "Boom", cause: "c", nextState: "Handle", inspectionData: { errorDetails: { catchIndex: 0 } } });
    expect(JSON.parse(r.body.output)).toEqual({ Error: "Boom", Cause: "c" });
  });

  it("refuses with AWS's error names: InvalidDefinition, ValidationException, InvalidArn", async () => {
    const bad = await post("/test-state", { definition: "{\"Type\":\"Nope\"}" });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe("InvalidDefinition");
    const missing = await post("/test-state", {});
    expect(missing).toMatchObject({ status: 400, body: { error: "ValidationException" } });
    const mockOnPass = await post("/test-state", { definition: { Type: "Pass", End: true }, mock: { result: "1" } });
    expect(mockOnPass.body).toEqual({ error: "ValidationException", message: "State type 'Pass' is not supported when a mock is specified" });
    const role = await post("/test-state", { definition: { Type: "Pass", End: true }, roleArn: "not-an-arn" });
    expect(role).toMatchObject({ status: 400, body: { error: "InvalidArn" } });
  });

  it("refuses a JSON value nested too deeply (input, variables, context, mock result) with a named 400, never a 500", async () => {
    const deep = (n: number) => '{"a":'.repeat(n) + "1" + "}".repeat(n);
    const def = JSON.stringify({ Type: "Pass", End: true });
    for (const [field, error] of [["input", "InvalidExecutionInput"], ["variables", "ValidationException"], ["context", "ValidationException"]]) {
      const r = await call("POST", "/test-state", undefined, { raw: `{"definition":${JSON.stringify(def)},"${field}":${deep(100_000)}}` });
      expect([field, r.status, r.body.error]).toEqual([field, 400, error]);
      expect(r.body.message).toMatch(new RegExp(`^${field}: .*nested more than 1000 levels`));
    }
    const ok = await call("POST", "/test-state", undefined, { raw: `{"definition":${JSON.stringify(def)},"input":${deep(999)}}` });
    expect(ok.status).toBe(200);
  });

  it("needs the bearer token", async () => {
    const r = await call("POST", "/test-state", { definition: { Type: "Pass", End: true } }, { token: null });
    expect(r.status).toBe(401);
  });
});
