// The human-approval example (worker/examples: order-approval) end to end through the API: the task
// worker records the approve/reject links (its answer shows in history as TaskSubmitted), a link is
// hit without credentials, and the Choice reads the decision. Also: the tutorial's SendTaskFailure
// 'Rejected', and nobody answering for a day.
import { beforeEach, describe, expect, it } from "vitest";
import { createExample, example, output, start } from "./e2e-helpers.ts";
import { resetHooks, time } from "./execution-helpers.ts";
import { callback, fire, send, status, until } from "./tokens-helpers.ts";

beforeEach(resetHooks);

/** The links the approver would have been emailed, as the task worker recorded them. */
async function links(arn: string): Promise<{ approve: string; reject: string; token: string }> {
  const evs = await until(arn, "TaskSubmitted");
  const sent = JSON.parse(evs.find((e) => e.type === "TaskSubmitted").taskSubmittedEventDetails.output);
  const p = sent.Payload;
  expect(p).toMatchObject({ sent: true, to: "manager@example.com", subject: "Approval needed for order order-123" });
  const token = decodeURIComponent(/\/callback\/([^/]+)\/approve$/.exec(p.approve)![1]);
  return { approve: p.approve, reject: p.reject, token };
}

// Started over HTTP through https://asl.test (test/worker/api-client.ts): the links use that origin.
const path = (url: string) => url.replace(/^https:\/\/asl\.test\/callback\//, "");

describe("order-approval: wait for a human, then Choice on the decision", () => {
  it("waits, and an approve link makes it succeed", async () => {
    await createExample("order-approval");
    const arn = await start("order-approval", example("order-approval").input);
    const l = await links(arn);
    expect(l.approve).toMatch(/^https:\/\/asl\.test\/callback\/.+\/approve$/);
    expect((await status(arn)).status).toBe("RUNNING");
    expect((await callback("GET", path(l.approve))).status).toBe(200);
    const d = await status(arn);
    expect(d.status).toBe("SUCCEEDED");
    expect(output(d)).toEqual({ orderId: "order-123", status: "APPROVED" });
  });

  it("the reject link ends it OrderRejected", async () => {
    await createExample("order-approval");
    const arn = await start("order-approval", example("order-approval").input);
    await callback("GET", path((await links(arn)).reject));
    expect(await status(arn)).toMatchObject({ status: "FAILED", error: "OrderRejected" });
  });

  it("SendTaskFailure 'Rejected' (the tutorial's handler) is caught: OrderRejected", async () => {
    await createExample("order-approval");
    const arn = await start("order-approval", example("order-approval").input);
    await send("failure", { taskToken: (await links(arn)).token, error: "Rejected", cause: "Manager rejected the order" });
    expect(await status(arn)).toMatchObject({ status: "FAILED", error: "OrderRejected" });
  });

  it("nobody answers within TimeoutSeconds (a day): States.Timeout, and a late click gets TaskTimedOut", async () => {
    await createExample("order-approval");
    const arn = await start("order-approval", example("order-approval").input);
    const l = await links(arn);
    time.offset = 86_400_000 + 1000;
    await fire(arn);
    expect(await status(arn)).toMatchObject({ status: "FAILED", error: "States.Timeout" });
    expect((await callback("GET", path(l.approve))).body.error).toBe("TaskTimedOut");
  });
});
