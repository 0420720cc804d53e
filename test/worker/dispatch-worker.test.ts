// worker:<BINDING>[/<method>]: RPC on a service binding, or fetch when the binding only speaks HTTP.
import { describe, expect, it } from "vitest";
import type { JSONValue } from "../../shared/asl/types.ts";
import { call, dispatcher, EXEC } from "./dispatch-helpers.ts";

describe("worker:<BINDING>/<method> over RPC", () => {
  it("calls the method on the self-bound example worker and returns its result", async () => {
    const out = await dispatcher().dispatch(call("worker:TASKS/processItem", { sku: "A", qty: 3, price: 2.5 }));
    expect(out).toEqual({ output: { sku: "A", qty: 3, subtotal: 7.5 } });
  });

  it("the real RPC method gets the call's context as its second argument", async () => {
    const out = await dispatcher().dispatch(call("worker:TASKS/sendNotification", { customer: { email: "a@b.c" } }, { stateName: "SendEmail" }));
    expect(out).toEqual({ output: { sent: true, to: "a@b.c", about: "SendEmail" } });
  });

  it("passes the idempotency key, execution, state and token as the second argument; default method run", async () => {
    const seen: unknown[] = [];
    const PROBE = { fetch: () => new Response(), run: async (input: JSONValue, ctx: unknown) => (seen.push(input, ctx), "ok") };
    const d = dispatcher({ PROBE });
    const out = await d.dispatch(call("worker:PROBE", { a: 1 }, { idempotencyKey: "k-1", token: "tok", stateName: "Ship" }));
    expect(out).toEqual({ output: "ok" });
    expect(seen).toEqual([{ a: 1 }, { idempotencyKey: "k-1", executionArn: EXEC, stateName: "Ship", token: "tok" }]);
  });

  it("a thrown Error's name and message become error and cause (names survive RPC)", async () => {
    const out = await dispatcher().dispatch(call("worker:TASKS/processPayment", { payment: { card: "4000-0000-0000-0002" } }));
    expect(out).toEqual({ error: "PaymentDeclined", cause: "Card was declined" });
  });

  it("a thrown or returned {errorType, errorMessage} names the failure", async () => {
    const FN = {
      fetch: () => new Response(),
      thrown: async () => {
        throw { errorType: "Custom.Thrown", errorMessage: "from a throw" };
      },
      returned: async () => ({ errorType: "Custom.Returned", errorMessage: "from a return" }),
      plain: async () => {
        throw new TypeError("bad type");
      },
      // Not an error payload: other keys beside errorType make it an ordinary result.
      data: async () => ({ errorType: "x", count: 1 }),
    };
    const d = dispatcher({ FN });
    expect(await d.dispatch(call("worker:FN/thrown", null))).toEqual({ error: "Custom.Thrown", cause: "from a throw" });
    expect(await d.dispatch(call("worker:FN/returned", null))).toEqual({ error: "Custom.Returned", cause: "from a return" });
    expect(await d.dispatch(call("worker:FN/plain", null))).toEqual({ error: "TypeError", cause: "bad type" });
    expect(await d.dispatch(call("worker:FN/data", null))).toEqual({ output: { errorType: "x", count: 1 } });
  });
});

describe("worker:<BINDING> that only speaks fetch", () => {
  it("POSTs the JSON input to https://<binding>/<method> with the Idempotency-Key header", async () => {
    const seen: Request[] = [];
    const bodies: unknown[] = [];
    const HOOK = {
      fetch: async (r: Request) => {
        seen.push(r);
        bodies.push(await r.json());
        return Response.json({ accepted: true });
      },
    };
    const out = await dispatcher({ HOOK }).dispatch(call("worker:HOOK/notify", { to: "ops" }, { idempotencyKey: "idem-9" }));
    expect(out).toEqual({ output: { accepted: true } });
    expect(seen[0].method).toBe("POST");
    expect(seen[0].url).toBe("https://hook/notify"); // a URL's host is lower case
    expect(seen[0].headers.get("Idempotency-Key")).toBe("idem-9");
    expect(seen[0].headers.get("Content-Type")).toBe("application/json");
    expect(bodies).toEqual([{ to: "ops" }]);
  });

  it("falls back to fetch when a real binding's entrypoint has no such RPC method", async () => {
    const out = await dispatcher().dispatch(call("worker:TASKS/noSuchTask", {}));
    expect(out).toEqual({ error: "UnknownTask", cause: "No task POST /noSuchTask" });
  });
});
