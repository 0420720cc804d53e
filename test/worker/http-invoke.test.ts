// The HTTP Task (arn:aws:states:::http:invoke) through the dispatcher; fetch is answered in-process
// (no network), except one real refused connection on this machine.
import { afterEach, describe, expect, it, vi } from "vitest";
import { call, dispatcher } from "./dispatch-helpers.ts";

const HTTP = "arn:aws:states:::http:invoke";
const CONN = "arn:aws:events:us-east-1:123456789012:connection/Stripe/81210c42-8af1-456b-9c4a-6ff02fc664ac";

afterEach(() => vi.restoreAllMocks());

type Seen = { url: string; method: string; headers: Record<string, string>; body: string; redirect: string };
function serve(res: () => Response): Seen[] {
  const seen: Seen[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const r = new Request(input as RequestInfo, init);
    seen.push({ url: r.url, method: r.method, headers: Object.fromEntries(r.headers), body: await r.text(), redirect: r.redirect });
    return res();
  });
  return seen;
}

describe("http:invoke", () => {
  it("sends Method, Headers, QueryParameters and a JSON RequestBody; answers {Headers, ResponseBody, StatusCode, StatusText}", async () => {
    const seen = serve(() => Response.json({ id: "cus_1" }, { status: 201, statusText: "Created", headers: { "x-req": "r1" } }));
    const out = await dispatcher().dispatch(
      call(HTTP, { ApiEndpoint: "https://api.example.com/v1/customers", Method: "POST", Headers: { "X-Trace": "t" }, QueryParameters: { tag: ["a", "b"], n: 1 }, RequestBody: { name: "Ann" } }),
    );
    expect(out).toEqual({
      output: { Headers: { "content-type": ["application/json"], "x-req": ["r1"] }, ResponseBody: { id: "cus_1" }, StatusCode: 201, StatusText: "Created" },
    });
    expect(seen).toEqual([
      {
        url: "https://api.example.com/v1/customers?tag=a&tag=b&n=1",
        method: "POST",
        headers: { "content-type": "application/json; charset=UTF-8", "x-trace": "t" },
        body: '{"name":"Ann"}',
        redirect: "manual",
      },
    ]);
  });

  it("a body that is not JSON is the ResponseBody as text", async () => {
    serve(() => new Response("pong", { headers: { "content-type": "text/plain" } }));
    const out = (await dispatcher().dispatch(call(HTTP, { ApiEndpoint: "https://api.example.com/ping", Method: "GET" }))) as { output: any };
    expect(out.output).toMatchObject({ ResponseBody: "pong", StatusCode: 200 });
  });

  it("Transform URL_ENCODED encodes the body with the ArrayFormat asked for", async () => {
    const seen = serve(() => new Response("ok"));
    const body = { a: [1, 2], b: "x y" };
    const formats = { INDICES: "a%5B0%5D=1&a%5B1%5D=2&b=x+y", REPEAT: "a=1&a=2&b=x+y", COMMAS: "a=1%2C2&b=x+y", BRACKETS: "a%5B%5D=1&a%5B%5D=2&b=x+y" };
    for (const ArrayFormat of Object.keys(formats)) {
      const Transform = { RequestBodyEncoding: "URL_ENCODED", RequestEncodingOptions: { ArrayFormat } };
      await dispatcher().dispatch(call(HTTP, { ApiEndpoint: "https://api.example.com/f", Method: "POST", RequestBody: body, Transform }));
    }
    expect(seen.map((s) => s.body)).toEqual(Object.values(formats));
    expect(seen[0].headers["content-type"]).toBe("application/x-www-form-urlencoded");
  });

  it("a 404 fails with States.Http.StatusCode.404, the response as the cause", async () => {
    serve(() => Response.json({ message: "no such customer" }, { status: 404, statusText: "Not Found" }));
    const out = (await dispatcher().dispatch(call(HTTP, { ApiEndpoint: "https://api.example.com/v1/customers/x", Method: "GET" }))) as { error: string; cause: string };
    expect(out.error).toBe("States.Http.StatusCode.404");
    expect(JSON.parse(out.cause)).toEqual({ Headers: { "content-type": ["application/json"] }, ResponseBody: { message: "no such customer" }, StatusCode: 404, StatusText: "Not Found" });
  });

  it("a redirect is not followed (credentials go to ApiEndpoint only): a 302 fails as States.Http.StatusCode.302", async () => {
    serve(() => new Response(null, { status: 302, headers: { location: "https://elsewhere.example.com/" } }));
    const out = await dispatcher().dispatch(call(HTTP, { ApiEndpoint: "https://api.example.com/r", Method: "GET" }));
    expect(out).toMatchObject({ error: "States.Http.StatusCode.302" });
  });

  it("no answer at all is States.Http.Socket: a mocked network failure and a real refused connection", async () => {
    vi.spyOn(globalThis, "fetch").mockRejectedValueOnce(new TypeError("Network connection lost."));
    expect(await dispatcher().dispatch(call(HTTP, { ApiEndpoint: "https://down.example.com/x", Method: "GET" }))).toEqual({
      error: "States.Http.Socket",
      cause: "GET https://down.example.com/x failed: Network connection lost.",
    });
    vi.restoreAllMocks();
    const out = await dispatcher().dispatch(call(HTTP, { ApiEndpoint: "http://127.0.0.1:9/", Method: "GET" }));
    expect(out).toMatchObject({ error: "States.Http.Socket", cause: expect.stringMatching(/^GET http:\/\/127\.0\.0\.1:9\/ failed: /) });
  });

  it("Authentication.ConnectionArn adds the credentials of the secret HTTP_CONNECTIONS names (bearer, basic, api_key)", async () => {
    const seen = serve(() => new Response("{}"));
    const secrets = {
      HTTP_CONNECTIONS: { Stripe: "STRIPE_AUTH", [`${CONN}-basic`]: "BASIC_AUTH", Keyed: "KEY_AUTH" },
      STRIPE_AUTH: '{"type": "bearer", "token": "sk_test_1"}',
      BASIC_AUTH: { type: "basic", username: "u", password: "p" },
      KEY_AUTH: '{"type": "api_key", "name": "X-Api-Key", "value": "k1"}',
    };
    const d = dispatcher(secrets);
    for (const arn of [CONN, `${CONN}-basic`, "arn:aws:events:us-east-1:123456789012:connection/Keyed/1"]) {
      await d.dispatch(call(HTTP, { ApiEndpoint: "https://api.example.com/", Method: "GET", Authentication: { ConnectionArn: arn } }));
    }
    expect(seen.map((s) => s.headers.authorization ?? s.headers["x-api-key"])).toEqual(["Bearer sk_test_1", `Basic ${btoa("u:p")}`, "k1"]);
  });

  it("an unconfigured connection or a bad secret fails before any request is sent", async () => {
    const seen = serve(() => new Response("{}"));
    const params = { ApiEndpoint: "https://api.example.com/", Method: "GET", Authentication: { ConnectionArn: CONN } };
    expect(await dispatcher().dispatch(call(HTTP, params))).toEqual({
      error: "Events.ConnectionResource.InvalidConnectionState",
      cause: `Connection ${CONN} is not configured: add it to HTTP_CONNECTIONS (connection ARN or name -> secret name)`,
    });
    expect(await dispatcher({ HTTP_CONNECTIONS: { Stripe: "S" }, S: "{oops" }).dispatch(call(HTTP, params))).toMatchObject({ cause: `The secret S of connection ${CONN} is not JSON` });
    expect(await dispatcher({ HTTP_CONNECTIONS: { Stripe: "S" }, S: '{"type":"oauth"}' }).dispatch(call(HTTP, params))).toMatchObject({ cause: 'The secret S has type "oauth": use bearer, basic or api_key' });
    expect(seen).toEqual([]);
  });

  it("bad parameters are States.Runtime with what to change; problem() accepts http:invoke", async () => {
    const d = dispatcher();
    expect(await d.dispatch(call(HTTP, { Method: "GET" }))).toEqual({ error: "States.Runtime", cause: "http:invoke needs ApiEndpoint, an absolute https:// (or http://) URL" });
    expect(await d.dispatch(call(HTTP, { ApiEndpoint: "ftp://x.example.com/", Method: "GET" }))).toEqual({ error: "States.Runtime", cause: "ApiEndpoint ftp://x.example.com/ is not an http(s) URL" });
    expect(await d.dispatch(call(HTTP, { ApiEndpoint: "https://x.example.com/", Method: "FETCH" }))).toMatchObject({ cause: "http:invoke needs a Method: one of GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS" });
    expect(await d.dispatch(call(HTTP, { ApiEndpoint: "https://x.example.com/", Method: "GET", RequestBody: {} }))).toMatchObject({ cause: "A GET request has no RequestBody" });
    expect(d.problem(HTTP)).toBeNull();
    expect(d.problem("arn:aws:states:::http:get")).toBe("'arn:aws:states:::http:get' is not supported: http offers invoke");
  });
});
