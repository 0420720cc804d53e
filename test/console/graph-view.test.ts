// The console's graph view in Chromium: worker/console/client/graph bundled with esbuild as the console
// is, drawn in a page, then checked (nodes, nesting, edges, statuses, selection by mouse and keyboard,
// fit, axe-core), timed on a 200-state machine (printed, not asserted) and photographed into
// test-output/console/graph-view.png.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import axe from "axe-core";
import { chromium, type Browser, type Page } from "playwright-core";
import { orderGraph } from "./fixtures/graphs.ts";

const root = resolve(import.meta.dirname, "../..");
const graph = orderGraph();

let browser: Browser;
let page: Page;

async function bundle(): Promise<string> {
  const out = await build({
    entryPoints: [join(root, "test/console/fixtures/graph-entry.ts")],
    bundle: true,
    format: "esm",
    target: "es2022",
    minify: true,
    write: false,
    logLevel: "error",
  });
  return out.outputFiles[0].text;
}

before(async () => {
  const script = await bundle();
  const css = readFileSync(join(root, "worker/console/client/graph/graph.css"), "utf8");
  console.log(
    `graph view: ${(gzipSync(script).length / 1024).toFixed(1)} KiB gzip of script (dagre included), ${(gzipSync(css).length / 1024).toFixed(1)} KiB of CSS`,
  );
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  page.on("pageerror", (e) => console.error("page error:", e));
  await page.setContent(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Graph view</title><style>${css}
     body { margin: 0; padding: 16px; background: #fff; font-family: system-ui } #app { height: 860px }</style></head>
     <body><main><h1 style="position:absolute;left:-9999px">Graph</h1><div id="app"></div></main><script type="module">${script}</script></body></html>`,
  );
  await page.waitForFunction(() => "renderGraph" in window);
  await page.evaluate((g) => {
    const w = window as any;
    w.selected = [];
    w.view = w.renderGraph(document.getElementById("app"), g, { onSelect: (id: string) => w.selected.push(id) });
  }, graph);
});

after(async () => {
  await browser?.close();
});

const count = (selector: string) => page.locator(selector).count();

describe("graph view", () => {
  it("draws one node per state, with its name, type and status", async () => {
    assert.equal(await count("svg [data-state]"), graph.nodes.length);
    for (const n of graph.nodes) {
      const el = page.locator(`g.node[data-id="${n.id}"]`);
      assert.equal(await el.getAttribute("data-state"), n.state);
      assert.equal(await el.getAttribute("data-type"), n.type);
      assert.equal(await el.getAttribute("data-status"), "not-run");
      assert.equal(await el.getAttribute("role"), "button");
      assert.equal(await el.getAttribute("tabindex"), "0");
      assert.equal(await el.getAttribute("aria-label"), `${n.state} (${n.type}), not run`);
    }
  });

  it("draws nested states inside their group, inside their Parallel or Map", async () => {
    for (const n of graph.nodes.filter((x) => x.group)) {
      const group = graph.groups.find((g) => g.id === n.group)!;
      const inside = `g.compound[data-compound="${group.owner}"] g.group[data-group="${group.id}"] g.node[data-id="${n.id}"]`;
      assert.equal(await count(inside), 1, n.id);
    }
    // The Parallel's own box carries its state's attributes, and holds no other button.
    const fan = page.locator('g.node[data-state="Fan out"]');
    assert.equal(await fan.getAttribute("data-type"), "Parallel");
    assert.equal(await fan.locator("g.node").count(), 0);
    // Geometrically inside too.
    const box = (await fan.boundingBox())!;
    const inner = (await page.locator('g.node[data-state="Charge card"]').boundingBox())!;
    assert.ok(
      inner.x > box.x && inner.y > box.y && inner.x + inner.width < box.x + box.width && inner.y + inner.height < box.y + box.height,
    );
  });

  it("draws every edge, the markers' edges, labels and dashed Catch edges", async () => {
    const ends = graph.nodes.filter((n) => n.end && !n.group).length;
    assert.equal(await count("g.edge"), graph.edges.length + 1 + ends);
    assert.equal(await count('g.edge[data-kind="start"]'), 1);
    assert.equal(await count(".marker-start"), 1);
    assert.equal(await count(".marker-end"), 1);
    const dash = (kind: string) =>
      page.$$eval(`g.edge[data-kind="${kind}"] .edge-line`, (els) => els.map((el) => getComputedStyle(el).strokeDasharray));
    const catches = await dash("catch");
    assert.equal(catches.length, 2);
    for (const d of catches) assert.notEqual(d, "none");
    for (const d of await dash("next")) assert.equal(d, "none");
    assert.equal(await page.locator('g.edge[data-kind="catch"] .edge-label text').first().textContent(), "ValidationError");
    assert.equal(await page.locator('g.edge[data-kind="choice"] .edge-label text').textContent(), "$.amount > 1000");
    assert.equal(await page.locator('g.edge[data-kind="default"] .edge-label text').textContent(), "Default");
    for (const marker of await page.$$eval("g.edge .edge-line", (els) => els.map((el) => el.getAttribute("marker-end"))))
      assert.match(marker!, /^url\(#/);
  });

  it("shows Retry as a badge with the retriers in its tooltip", async () => {
    const badge = page.locator('g.node[data-state="Validate order"] .retry title');
    assert.match((await badge.textContent())!, /States\.TaskFailed: 3× from 2 s, ×2/);
    assert.equal(await count(".retry"), graph.nodes.filter((n) => n.retry.length).length);
  });

  it("fits every name and detail in its box", async () => {
    const overflow = await page.$$eval("g.node", (nodes) =>
      nodes.flatMap((g) => {
        const shape = (g.querySelector(".shape") as SVGGraphicsElement).getBBox();
        const at = (g as SVGGElement).transform.baseVal.consolidate()!.matrix;
        const detail = g.nextElementSibling?.classList.contains("detail") ? [g.nextElementSibling] : [];
        return [...g.querySelectorAll(":scope > text"), ...detail].flatMap((t) => {
          const box = (t as SVGTextElement).getBBox();
          const x = t.parentNode === g ? box.x : box.x - at.e;
          return x + box.width > shape.x + shape.width - 8 ? [`${g.getAttribute("data-state")}: ${t.textContent}`] : [];
        });
      }),
    );
    assert.deepEqual(overflow, []);
  });

  it("setStatuses paints data-status and the aria-label; a node left out is not-run", async () => {
    const id = (state: string) => graph.nodes.find((n) => n.state === state)!.id;
    await page.evaluate(
      ([a, b]) =>
        (window as any).view.setStatuses(
          new Map([
            [a, "succeeded"],
            [b, "running"],
          ]),
        ),
      [id("Validate order"), id("Charge card")],
    );
    const v = page.locator('g.node[data-state="Validate order"]');
    assert.equal(await v.getAttribute("data-status"), "succeeded");
    assert.equal(await v.getAttribute("aria-label"), "Validate order (Task), succeeded");
    assert.equal(await page.locator('g.node[data-state="Charge card"]').getAttribute("data-status"), "running");
    // AWS's success green, once the colour's transition is over.
    await page.waitForFunction(
      () => getComputedStyle(document.querySelector('g.node[data-state="Validate order"] .shape')!).stroke === "rgb(3, 127, 12)",
    );
    await page.evaluate((a) => (window as any).view.setStatuses(new Map([[a, "failed"]])), id("Charge card"));
    assert.equal(await v.getAttribute("data-status"), "not-run");
    assert.equal(await page.locator('g.node[data-state="Charge card"]').getAttribute("data-status"), "failed");
  });

  it("calls onSelect on a click and highlights the node", async () => {
    await page.evaluate(() => (window as any).view.fit());
    await page.locator('g.node[data-state="Wait for review"] .name').click();
    const selected = await page.evaluate(() => (window as any).selected.slice());
    assert.deepEqual(selected, [graph.nodes.find((n) => n.state === "Wait for review")!.id]);
    assert.equal(await count("g.node.is-selected"), 1);
    assert.equal(await page.locator("g.node.is-selected").getAttribute("data-state"), "Wait for review");
    await page.evaluate(() => (window as any).view.select(null));
    assert.equal(await count("g.node.is-selected"), 0);
  });

  it("selects with the keyboard: Tab to a node, Enter or Space", async () => {
    await page.evaluate(() => ((window as any).selected = []));
    await page.locator('g.node[data-state="Done"]').focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("Shift+Tab");
    const focused = await page.evaluate(() => document.activeElement?.getAttribute("data-state"));
    await page.keyboard.press(" ");
    const selected = await page.evaluate(() => (window as any).selected.slice());
    assert.equal(selected[0], graph.nodes.find((n) => n.state === "Done")!.id);
    assert.equal(selected.length, 2);
    assert.equal(await page.locator("g.node.is-selected").getAttribute("data-state"), focused);
  });

  it("zooms with the toolbar and fits the whole graph back in view", async () => {
    const transform = () => page.locator(".sfn-graph__viewport").getAttribute("transform");
    const before = await transform();
    await page.getByRole("button", { name: "Zoom in" }).click();
    await page.getByRole("button", { name: "Zoom in" }).click();
    assert.notEqual(await transform(), before);
    await page.mouse.move(600, 400);
    await page.mouse.wheel(0, -300);
    await page.getByRole("button", { name: "Fit to screen" }).click();
    assert.equal(await transform(), before);
    const stage = (await page.locator(".sfn-graph__stage").boundingBox())!;
    for (const b of await page.$$eval("svg g.node", (els) => els.map((el) => el.getBoundingClientRect().toJSON()))) {
      assert.ok(b.x >= stage.x && b.y >= stage.y && b.x + b.width <= stage.x + stage.width && b.y + b.height <= stage.y + stage.height);
    }
  });

  it("pans by dragging, and a drag over a node does not select it", async () => {
    await page.evaluate(() => ((window as any).selected = []));
    const t0 = await page.locator(".sfn-graph__viewport").getAttribute("transform");
    const b = (await page.locator('g.node[data-state="Done"]').boundingBox())!;
    await page.mouse.move(b.x + 20, b.y + 10);
    await page.mouse.down();
    await page.mouse.move(b.x + 80, b.y + 40, { steps: 5 });
    await page.mouse.up();
    assert.notEqual(await page.locator(".sfn-graph__viewport").getAttribute("transform"), t0);
    assert.deepEqual(await page.evaluate(() => (window as any).selected), []);
    await page.evaluate(() => (window as any).view.fit());
  });

  it("update redraws a new graph, keeping statuses and selection of the states still there", async () => {
    const changed = structuredClone(graph);
    changed.nodes.find((n) => n.state === "Wait for review")!.state = "Wait for a review";
    await page.evaluate((g) => (window as any).view.update(g), changed);
    assert.equal(await count('g.node[data-state="Wait for a review"]'), 1);
    assert.equal(await count("svg [data-state]"), graph.nodes.length);
    assert.equal(await page.locator('g.node[data-state="Charge card"]').getAttribute("data-status"), "failed");
    // A zoom the user chose survives an update; a fitted view fits again.
    await page.getByRole("button", { name: "Zoom in" }).click();
    const zoomed = await page.locator(".sfn-graph__viewport").getAttribute("transform");
    await page.evaluate((g) => (window as any).view.update(g), graph);
    assert.equal(await page.locator(".sfn-graph__viewport").getAttribute("transform"), zoomed);
    assert.equal(await count('g.node[data-state="Wait for review"]'), 1);
    await page.evaluate(() => (window as any).view.fit());
  });

  it("has no critical accessibility violations (axe-core)", async () => {
    await page.addScriptTag({ content: axe.source });
    const result = await page.evaluate(() => (window as any).axe.run(document.getElementById("app")));
    const bad = result.violations.filter((v: { impact: string }) => v.impact === "critical");
    for (const v of result.violations)
      console.log(
        `axe: ${v.impact} ${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes.map((n: { target: string[] }) => n.target.join(" ")).join(" | ")}`,
      );
    assert.deepEqual(bad, []);
  });

  it("lays out and draws a 200-state machine (timed, printed)", async () => {
    const times = await page.evaluate(() => {
      const w = window as any;
      const g = w.bigGraph(200, 7);
      const host = document.createElement("div");
      host.style.cssText = "position:absolute;left:0;top:0;width:1200px;height:800px";
      document.body.appendChild(host);
      const out: number[] = [];
      const layout: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        w.layoutGraph(g);
        layout.push(performance.now() - t0);
      }
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        const view = w.renderGraph(host, g);
        host.getBoundingClientRect();
        document.querySelector("g.node")!.getBoundingClientRect();
        out.push(performance.now() - t);
        view.destroy();
      }
      host.remove();
      return { nodes: g.nodes.length, edges: g.edges.length, out, layout };
    });
    const sorted = [...times.out].sort((a, b) => a - b);
    console.log(
      `200-state machine (${times.nodes} states, ${times.edges} edges): layout + render ${times.out.map((t) => t.toFixed(0)).join(", ")} ms; ` +
        `first ${times.out[0].toFixed(0)} ms, median ${sorted[2].toFixed(0)} ms; layout alone ${times.layout.map((t) => t.toFixed(0)).join(", ")} ms`,
    );
    // And a picture of it.
    await page.evaluate(() => {
      const w = window as any;
      const host = document.createElement("div");
      host.id = "big";
      host.style.cssText = "position:absolute;left:0;top:0;width:1280px;height:900px;background:#fff";
      document.body.appendChild(host);
      w.big = w.renderGraph(host, w.bigGraph(200, 7));
    });
    mkdirSync(join(root, "test-output/console"), { recursive: true });
    await page.screenshot({ path: join(root, "test-output/console/graph-view-200.png") });
    await page.evaluate(() => {
      const w = window as any;
      w.big.destroy();
      document.getElementById("big")!.remove();
    });
  });

  it("saves a screenshot (test-output/console/graph-view.png)", async () => {
    const id = (state: string) => graph.nodes.find((n) => n.state === state)!.id;
    const statuses: [string, string][] = [
      [id("Validate order"), "succeeded"],
      [id("Is it big?"), "succeeded"],
      [id("Wait for review"), "succeeded"],
      [id("Fan out"), "caught"],
      [id("Charge card"), "succeeded"],
      [id("Record payment"), "failed"],
      [id("Reserve stock"), "cancelled"],
      [id("Ship each item"), "running"],
      [id("Pack"), "succeeded"],
      [id("Ship"), "running"],
    ];
    await page.evaluate((s) => {
      const view = (window as any).view;
      view.setStatuses(new Map(s));
      view.select(s[8][0]);
      view.fit();
    }, statuses);
    mkdirSync(join(root, "test-output/console"), { recursive: true });
    await page.screenshot({ path: join(root, "test-output/console/graph-view.png"), animations: "disabled" });
  });
});
