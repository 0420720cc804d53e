// The console in a real browser (Debian's Chromium, playwright-core): sign-in, the tutorial's graphs,
// an execution watched live, approval from the page, a failed execution's caught path, the editor's
// diagnostics, every page checked with axe-core and photographed into test-output/console.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { EXAMPLES } from "../../worker/examples/definitions.ts";
import { axe, launch, root, screenshot, SHOTS, signedIn, startConsole, statuses, type Console } from "./harness.ts";
import { startRuntime } from "../e2e/runtime.ts";

let c: Console;
const enc = encodeURIComponent;

/** Every state name of a definition, nested ones included. */
function stateNames(def: any): string[] {
  const out: string[] = [];
  for (const [name, s] of Object.entries<any>(def.States ?? {})) {
    out.push(name);
    for (const b of s.Branches ?? []) out.push(...stateNames(b));
    if (s.ItemProcessor ?? s.Iterator) out.push(...stateNames(s.ItemProcessor ?? s.Iterator));
  }
  return out;
}

async function noSeriousViolations(page: Page, what: string): Promise<void> {
  const { critical, serious } = await axe(page);
  assert.deepEqual(critical, [], `${what}: critical axe violations`);
  assert.deepEqual(serious, [], `${what}: serious axe violations`);
}

async function waitStatus(page: Page, state: string, status: string, timeout = 20_000): Promise<void> {
  await page.waitForSelector(`[data-state="${state}"][data-status="${status}"]`, { timeout });
}

before(async () => {
  c = await startConsole();
  for (const e of EXAMPLES) await c.api("POST", "/state-machines", { name: e.name, definition: e.definition, type: e.type });
});
after(() => c?.close());

describe("the console", () => {
  it("asks for the token once, keeps an HttpOnly SameSite=Strict session, and signs out", async () => {
    const page = await signedIn(c);
    const [cookie] = await page.context().cookies();
    assert.equal(cookie.name, "asl_session");
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, "Strict");
    assert.ok(!cookie.value.includes(c.token));
    assert.equal(await page.locator("tr[data-machine]").count(), EXAMPLES.length);
    await screenshot(page, "state-machines");
    await noSeriousViolations(page, "state machines");
    await page.click("text=Sign out");
    await page.waitForSelector('input[name="token"]');
    await noSeriousViolations(page, "sign-in");
    await screenshot(page, "sign-in");
    // A forged session is no session: the form again.
    await page.context().addCookies([{ name: "asl_session", value: "1.2.3", url: c.runtime.endpoint }]);
    await page.goto(`${c.runtime.endpoint}/console/executions`);
    await page.waitForSelector('input[name="token"]');
    await page.context().close();
  });

  it("draws each tutorial example with one node per state", async () => {
    const page = await signedIn(c);
    for (const e of EXAMPLES) {
      await page.goto(`${c.runtime.endpoint}/console/state-machines/${e.name}`);
      await page.waitForSelector("#graph svg [data-state]");
      const drawn = (await page.$$eval("#graph [data-state]", (els) => els.map((el) => el.getAttribute("data-state")))).sort();
      assert.deepEqual(drawn, stateNames(e.definition).sort(), e.name);
      assert.ok(await page.locator("#graph [data-status='not-run']").count(), `${e.name}: statuses`);
    }
    await noSeriousViolations(page, "state machine page");
    await screenshot(page, "state-machine");
    await page.context().close();
  });

  it("starts an execution from the page and watches its Wait go running → succeeded without a reload", async () => {
    await c.api("POST", "/state-machines", {
      name: "live-wait",
      definition: {
        StartAt: "Prepare",
        States: {
          Prepare: { Type: "Pass", Result: { ready: true }, Next: "Nap" },
          Nap: { Type: "Wait", Seconds: 3, Next: "Finish" },
          Finish: { Type: "Pass", End: true },
        },
      },
    });
    const page = await signedIn(c);
    await page.goto(`${c.runtime.endpoint}/console/state-machines/live-wait`);
    await page.click('[data-action="open-start"]');
    await page.fill("#exec-input", "{not json");
    await page.click('#start-form button[type="submit"]');
    await page.waitForSelector("#exec-input-error:has-text('not JSON')");
    await page.fill("#exec-name", "watched-live");
    await page.fill("#exec-input", '{"hello": "edge"}');
    await Promise.all([page.waitForURL(/\/console\/executions\//), page.click('#start-form button[type="submit"]')]);
    let navigations = 0;
    page.on("framenavigated", (f) => f === page.mainFrame() && navigations++);
    await waitStatus(page, "Nap", "running");
    assert.equal((await statuses(page)).Prepare, "succeeded");
    await page.waitForSelector("#live-state.live");
    await screenshot(page, "execution-live");
    // The README's picture (test/console/live-execution.png is a copy of it), with a state's panel open.
    await page.click('[data-state="Prepare"]');
    await page.waitForSelector("#state-panel h2:has-text('Prepare')");
    await page.locator(".graph-layout").screenshot({ path: `${SHOTS}/execution-live-graph.png` });
    await waitStatus(page, "Finish", "succeeded");
    await page.waitForSelector('body[data-execution-status="SUCCEEDED"]');
    assert.deepEqual(await statuses(page), { Prepare: "succeeded", Nap: "succeeded", Finish: "succeeded" });
    assert.equal(navigations, 0, "no reload");
    assert.match((await page.textContent("#execution-output")) ?? "", /"ready": true/);
    assert.ok(await page.locator("[data-event-type='WaitStateExited']").count());
    await noSeriousViolations(page, "execution page");
    await screenshot(page, "execution-succeeded");
    await page.context().close();
  });

  it("approves a task waiting for its token from the page, and the execution finishes", async () => {
    const e = EXAMPLES.find((x) => x.name === "order-approval")!;
    const { executionArn } = await c.api("POST", "/state-machines/order-approval/executions", { name: "approve-me", input: e.input });
    const page = await signedIn(c);
    await page.goto(`${c.runtime.endpoint}/console/executions/${enc(executionArn)}`);
    await page.waitForSelector('[data-action="send-task-success"]');
    await waitStatus(page, "WaitForHumanApproval", "running");
    await noSeriousViolations(page, "waiting execution");
    await screenshot(page, "execution-waiting");
    await page.click('[data-action="send-task-success"]');
    await page.waitForSelector('body[data-execution-status="SUCCEEDED"]', { timeout: 20_000 });
    await waitStatus(page, "ProcessApprovedOrder", "succeeded");
    assert.equal((await statuses(page)).OrderRejected, "not-run");
    assert.equal(await page.locator("#waiting").isHidden(), true);
    await page.context().close();
  });

  it("rejects one: SendTaskFailure from the page takes the Catch", async () => {
    const e = EXAMPLES.find((x) => x.name === "order-approval")!;
    const { executionArn } = await c.api("POST", "/state-machines/order-approval/executions", { name: "reject-me", input: e.input });
    const page = await signedIn(c);
    await page.goto(`${c.runtime.endpoint}/console/executions/${enc(executionArn)}`);
    await page.waitForSelector('[data-action="send-task-failure"]');
    await page.fill('[id^="reject-error-"]', "Rejected");
    await page.click('[data-action="send-task-failure"]');
    await page.waitForSelector('body[data-execution-status="FAILED"]', { timeout: 20_000 });
    await waitStatus(page, "WaitForHumanApproval", "caught");
    await waitStatus(page, "OrderRejected", "failed");
    await page.context().close();
  });

  it("shows a failed execution's failed state and the caught path; a state's details from the keyboard", async () => {
    const e = EXAMPLES.find((x) => x.name === "order-saga")!;
    const input = { ...e.input, shipping: { address: { country: "XX" } } };
    const { executionArn } = await c.api("POST", "/state-machines/order-saga/executions", { name: "ship-nowhere", input });
    const page = await signedIn(c);
    await page.goto(`${c.runtime.endpoint}/console/executions/${enc(executionArn)}`);
    await page.waitForSelector('body[data-execution-status="FAILED"]', { timeout: 20_000 });
    await waitStatus(page, "OrderFailed", "failed");
    const s = await statuses(page);
    assert.equal(s.ShipOrder, "caught");
    assert.equal(s.RefundPayment, "succeeded");
    assert.equal(s.CancelReservation, "succeeded");
    assert.equal(s.OrderComplete, "not-run");
    await page.focus('[data-state="ShipOrder"]');
    await page.keyboard.press("Enter");
    await page.waitForSelector("#state-panel:has-text('ShipmentFailed')");
    assert.equal(await page.getAttribute("[data-panel-status]", "data-panel-status"), "caught");
    await page.waitForSelector("#error-banner:has-text('OrderProcessingFailed')");
    await noSeriousViolations(page, "failed execution");
    await screenshot(page, "execution-failed");
    await page.context().close();
  });

  it("shows the editor's diagnostics as you type and never saves bad JSON", async () => {
    const page = await signedIn(c);
    await page.goto(`${c.runtime.endpoint}/console/state-machines/new`);
    await page.waitForSelector("#graph [data-state]");
    await page.fill("#machine-name", "typed-in-browser");
    await page.fill("#definition", '{\n  "StartAt": "A",\n  "States": {\n    "A": {"Type": "Pass",, "End": true}\n  }\n}');
    await page.waitForSelector(".diagnostic.error:has-text('Line 4')");
    // The page's first validation (of the definition it opened with, 300 ms after the last change) must not
    // overwrite the syntax error typed since.
    await page.waitForTimeout(800);
    assert.match((await page.textContent("#validation-state")) ?? "", /^Not valid JSON/);
    await page.click('[data-action="save-machine"]');
    await page.waitForSelector("#validation-state:has-text('not saved')");
    assert.match(page.url(), /\/state-machines\/new$/);
    await assert.rejects(c.api("GET", "/state-machines/typed-in-browser"), /404/);
    // Valid JSON, invalid ASL: the API's diagnostic at the line of its location; the graph follows the text.
    await page.fill(
      "#definition",
      '{\n  "StartAt": "A",\n  "States": {\n    "A": {"Type": "Pass", "Next": "B"},\n    "C": {"Type": "Succeed"}\n  }\n}',
    );
    await page.waitForSelector(".diagnostic.error[data-location='/States/A/Next']");
    assert.equal(await page.getAttribute(".diagnostic.error[data-location='/States/A/Next']", "data-line"), "4");
    assert.deepEqual((await page.$$eval("#graph [data-state]", (els) => els.map((e) => e.getAttribute("data-state")))).sort(), ["A", "C"]);
    await noSeriousViolations(page, "editor");
    await screenshot(page, "editor");
    await page.fill("#definition", '{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}}');
    await page.waitForSelector("#validation-state.good");
    await Promise.all([page.waitForURL(/\/console\/state-machines\/typed-in-browser$/), page.click('[data-action="save-machine"]')]);
    assert.equal((await c.api("GET", "/state-machines/typed-in-browser")).revision, 1);
    await page.context().close();
  });

  it("inspects a fan-out's Map iterations and a Parallel's branches", async () => {
    const fan = EXAMPLES.find((x) => x.name === "process-all-orders")!;
    const { executionArn } = await c.api("POST", "/state-machines/process-all-orders/executions", { name: "fan-out", input: fan.input });
    const page = await signedIn(c);
    await page.goto(`${c.runtime.endpoint}/console/executions/${enc(executionArn)}`);
    await page.waitForSelector('body[data-execution-status="SUCCEEDED"]', { timeout: 20_000 });
    await waitStatus(page, "ProcessOrder", "succeeded");
    await page.click('[data-state="ProcessAllOrders"]');
    await page.waitForSelector("#state-panel h3:has-text('Iterations')");
    assert.equal(await page.locator("#state-panel tr[data-iteration]").count(), fan.input.orders.length);
    // One iteration in the graph: its inner states as it ran them, then every iteration again.
    await page.click('#state-panel tr[data-iteration="1"] [data-action="show-iteration"]');
    await page.waitForSelector("#focus-bar:has-text('Showing iteration 1 of ProcessAllOrders')");
    await waitStatus(page, "ProcessOrder", "succeeded");
    await page.click('[data-state="ProcessOrder"]');
    await page.waitForSelector("#state-panel:has-text('order-124')");
    await page.click('[data-action="show-all-iterations"]');
    assert.equal(await page.locator("#focus-bar").isHidden(), true);
    const par = EXAMPLES.find((x) => x.name === "order-fulfillment")!;
    const run = await c.api("POST", "/state-machines/order-fulfillment/executions", { name: "parallel", input: par.input });
    await page.goto(`${c.runtime.endpoint}/console/executions/${enc(run.executionArn)}`);
    await page.waitForSelector('body[data-execution-status="SUCCEEDED"]', { timeout: 20_000 });
    const parallel = Object.entries<any>(par.definition.States).find(([, st]) => st.Type === "Parallel")!;
    await page.click(`[data-state="${parallel[0]}"]`);
    await page.waitForSelector("#state-panel h3:has-text('Branches')");
    assert.equal(await page.locator("#state-panel tr[data-iteration]").count(), parallel[1].Branches.length);
    await page.context().close();
  });

  it("stops a running execution from the page, and deletes a machine", async () => {
    await c.api("POST", "/state-machines", {
      name: "long-wait",
      definition: { StartAt: "Nap", States: { Nap: { Type: "Wait", Seconds: 3600, End: true } } },
    });
    const { executionArn } = await c.api("POST", "/state-machines/long-wait/executions", { name: "stop-me" });
    await c.api("POST", "/state-machines", { name: "short-lived", definition: { StartAt: "A", States: { A: { Type: "Succeed" } } } });
    const page = await signedIn(c);
    page.on("dialog", (d) => void d.accept());
    await page.goto(`${c.runtime.endpoint}/console/executions/${enc(executionArn)}`);
    await page.waitForSelector("#live-state.live");
    await page.click('[data-action="stop-execution"]');
    await page.waitForSelector('body[data-execution-status="ABORTED"]');
    await waitStatus(page, "Nap", "cancelled");
    assert.equal(await page.locator('[data-action="stop-execution"]').isHidden(), true);
    await page.goto(`${c.runtime.endpoint}/console/state-machines/short-lived`);
    await Promise.all([page.waitForURL(/\/console$/), page.click('[data-action="delete-machine"]')]);
    assert.equal(await page.locator('tr[data-machine="short-lived"]').count(), 0);
    await assert.rejects(c.api("GET", "/state-machines/short-lived"), /404/);
    await page.context().close();
  });

  it("redrives a stopped execution from the page: it runs again from the state it was stopped in", async () => {
    await c.api("POST", "/state-machines", {
      name: "redrive-me",
      definition: { StartAt: "First", States: { First: { Type: "Pass", Next: "Nap" }, Nap: { Type: "Wait", Seconds: 3600, End: true } } },
    });
    const { executionArn } = await c.api("POST", "/state-machines/redrive-me/executions", { name: "again" });
    await c.api("POST", `/executions/${enc(executionArn)}/stop`, { cause: "paused" });
    const page = await signedIn(c);
    page.on("dialog", (d) => void d.accept());
    await page.goto(`${c.runtime.endpoint}/console/executions/${enc(executionArn)}`);
    await page.waitForSelector('body[data-execution-status="ABORTED"]');
    assert.equal(await page.locator('[data-action="redrive-execution"]').isHidden(), false);
    await Promise.all([page.waitForEvent("load"), page.click('[data-action="redrive-execution"]')]);
    await page.waitForSelector('body[data-execution-status="RUNNING"]');
    await waitStatus(page, "Nap", "running");
    assert.equal(await page.locator('[data-action="redrive-execution"]').isHidden(), true);
    assert.equal((await page.textContent("#execution-redrives"))?.startsWith("1"), true);
    const d = await c.api("GET", `/executions/${enc(executionArn)}`);
    assert.equal(d.redriveCount, 1);
    await page.context().close();
  });

  it("draws the definition an execution ran, not the machine's after an update", async () => {
    const old = { StartAt: "OldOnly", States: { OldOnly: { Type: "Pass", Next: "Done" }, Done: { Type: "Pass", End: true } } };
    await c.api("POST", "/state-machines", { name: "revised", definition: old });
    const { executionArn } = await c.api("POST", "/state-machines/revised/executions", { name: "ran-old" });
    await c.api("PUT", "/state-machines/revised", { definition: { StartAt: "NewOnly", States: { NewOnly: { Type: "Pass", End: true } } } });
    const page = await signedIn(c);
    await page.goto(`${c.runtime.endpoint}/console/executions/${enc(executionArn)}`);
    await waitStatus(page, "Done", "succeeded");
    const drawn = (await page.$$eval("#graph [data-state]", (els) => els.map((el) => el.getAttribute("data-state")))).sort();
    assert.deepEqual(drawn, ["Done", "OldOnly"]);
    assert.match((await page.textContent(".facts")) ?? "", /revision 1/);
    await page.goto(`${c.runtime.endpoint}/console/state-machines/revised`);
    await page.waitForSelector('#graph [data-state="NewOnly"]');
    await page.context().close();
  });

  it("runs an Express machine synchronously from its page and shows the result there", async () => {
    await c.api("POST", "/state-machines", {
      name: "quick-express",
      type: "EXPRESS",
      definition: {
        StartAt: "Greet",
        States: { Greet: { Type: "Pass", Parameters: { "greeting.$": "States.Format('hi {}', $.who)" }, End: true } },
      },
    });
    const page = await signedIn(c);
    await page.goto(`${c.runtime.endpoint}/console/state-machines/quick-express`);
    await page.click('[data-action="open-start"]');
    await page.fill("#exec-input", '{"who": "ada"}');
    await page.click('#start-form button[type="submit"]');
    await page.waitForSelector('#sync-result [data-status-badge="SUCCEEDED"]');
    assert.match((await page.textContent("#sync-result pre")) ?? "", /"greeting": "hi ada"/);
    assert.match(page.url(), /\/state-machines\/quick-express$/);
    await page.context().close();
  });

  it("lists executions across machines and activities, and answers unknown pages with a 404 page", async () => {
    await c.api("POST", "/activities", { name: "review-queue" });
    const page = await signedIn(c);
    await page.goto(`${c.runtime.endpoint}/console/executions`);
    assert.ok((await page.locator("tr[data-execution]").count()) >= 4);
    await page.selectOption("#status-filter", "FAILED");
    await page.waitForURL(/status=FAILED/);
    const shown = await page.$$eval("[data-status-badge]", (els) => els.map((e) => e.getAttribute("data-status-badge")));
    assert.ok(shown.length >= 2 && shown.every((s) => s === "FAILED"), String(shown));
    await noSeriousViolations(page, "executions");
    await screenshot(page, "executions");
    await page.goto(`${c.runtime.endpoint}/console/activities`);
    await page.waitForSelector('tr[data-activity="review-queue"]');
    await noSeriousViolations(page, "activities");
    await screenshot(page, "activities");
    const res = await page.goto(`${c.runtime.endpoint}/console/state-machines/does-not-exist`);
    assert.equal(res?.status(), 404);
    await page.waitForSelector("text=Back to state machines");
    await noSeriousViolations(page, "404");
    await screenshot(page, "not-found");
    await page.context().close();
  });

  it("lays out a 200-state machine (time printed, not asserted)", async () => {
    const States: Record<string, unknown> = {};
    for (let i = 0; i < 200; i++) {
      const next = i === 199 ? { End: true } : { Next: `S${i + 1}` };
      States[`S${i}`] =
        i % 25 === 10
          ? { Type: "Choice", Choices: [{ Variable: "$.n", NumericGreaterThan: i, Next: `S${Math.max(0, i - 5)}` }], Default: `S${i + 1}` }
          : i % 10 === 3
            ? {
                Type: "Task",
                Resource: "arn:aws:lambda:us-east-1:123456789012:function:validate-order",
                Retry: [{ ErrorEquals: ["States.ALL"] }],
                ...next,
              }
            : { Type: "Pass", ...next };
    }
    await c.api("POST", "/state-machines", { name: "two-hundred", definition: { StartAt: "S0", States } });
    const page = await signedIn(c);
    await page.goto(`${c.runtime.endpoint}/console/state-machines/two-hundred`);
    await page.waitForSelector("#graph[data-layout-ms]");
    assert.equal(await page.locator("#graph [data-state]").count(), 200);
    console.log(
      `graph of a 200-state machine in the browser, first render of the page (cold JIT; graphOf, dagre layout, SVG): ${await page.getAttribute("#graph", "data-layout-ms")} ms`,
    );
    await page.context().close();
  });
});

describe("local development", () => {
  it("needs no sign-in with npm run dev's well-known token on this machine", async () => {
    const runtime = await startRuntime(root, { apiToken: "local-dev-token" });
    const browser = await launch();
    try {
      const page = await browser.newPage();
      await page.goto(`${runtime.endpoint}/console`);
      await page.waitForSelector("h1:has-text('State machines')");
      assert.equal(await page.locator('input[name="token"]').count(), 0);
    } finally {
      await browser.close();
      await runtime.dispose();
    }
  });
});
