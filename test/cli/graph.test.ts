import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { asl, fixture, oneLine, root, tempDir } from "./helpers.ts";

describe("asl graph", () => {
  it("svg (default): a standalone image with every state, nested ones inside their Parallel and Map boxes", async () => {
    const r = await asl(["graph", fixture("order.yaml")]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+" height="\d+" viewBox="0 0 \d+ \d+"/);
    assert.match(r.stdout, /<\/svg>\n$/);
    for (const [state, type] of [
      ["Prepare", "Pass"],
      ["Fan out", "Parallel"],
      ["Charge", "Task"],
      ["Items", "Map"],
      ["Pick", "Pass"],
      ["Failed", "Fail"],
      ["Done", "Succeed"],
    ])
      assert.match(r.stdout, new RegExp(`<g class="node" data-state="${state}" data-type="${type}">`));
    assert.match(r.stdout, /<path class="edge catch" d="M[\d.,L ]+" fill="none" stroke="#b02a37" stroke-dasharray="5 3"/);
    assert.match(r.stdout, />Branch 1</);
    assert.match(r.stdout, />Item processor</);
    // Charge is drawn inside the Fan out box
    const box = (state: string) => {
      const m = new RegExp(`data-state="${state}"[^>]*>\\n<rect x="([\\d.]+)" y="([\\d.]+)" width="([\\d.]+)" height="([\\d.]+)"`).exec(
        r.stdout,
      )!;
      return m.slice(1).map(Number);
    };
    const [fx, fy, fw, fh] = box("Fan out");
    const [cx, cy, cw, ch] = box("Charge");
    assert.ok(cx > fx && cy > fy && cx + cw < fx + fw && cy + ch < fy + fh, `${[fx, fy, fw, fh]} ${[cx, cy, cw, ch]}`);
  });

  it("svg: the tutorial's order-processing states do not overlap, and fit in the image", async () => {
    const r = await asl(["graph", join(root, "test/cli/examples/order-processing.asl.json")]);
    assert.equal(r.code, 0, r.stderr);
    const [width, height] = /width="(\d+)" height="(\d+)"/.exec(r.stdout)!.slice(1).map(Number);
    const boxes = [
      ...r.stdout.matchAll(/data-state="[^"]+"[^>]*>\n<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/g),
    ].map((m) => m.slice(1).map(Number));
    assert.equal(boxes.length, 12);
    for (const [x, y, w, h] of boxes) assert.ok(x >= 0 && y >= 0 && x + w <= width && y + h <= height);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [ax, ay, aw, ah] = boxes[i];
        const [bx, by, bw, bh] = boxes[j];
        assert.ok(ax + aw <= bx || bx + bw <= ax || ay + ah <= by || by + bh <= ay, `${boxes[i]} overlaps ${boxes[j]}`);
      }
  });

  it("dot and mermaid, to stdout or --output", async () => {
    const dot = await asl(["graph", fixture("order.yaml"), "--format", "dot"]);
    assert.equal(dot.code, 0);
    assert.match(dot.stdout, /^digraph "order" \{\n/);
    assert.match(dot.stdout, /"\/States\/Fan out" -> "\/States\/Failed" \[label="States\.ALL", style=dashed, color="#b02a37"\];/);
    assert.match(dot.stdout, /subgraph "cluster_\/States\/Fan out\/Branches\/0" \{/);
    assert.match(dot.stdout, /"\(start\)" -> "\/States\/Prepare";/);
    const dir = tempDir();
    const out = join(dir, "g.mmd");
    const mermaid = await asl(["graph", fixture("order.yaml"), "-f", "mermaid", "-o", out]);
    assert.equal(mermaid.code, 0);
    assert.equal(mermaid.stdout, "");
    const text = readFileSync(out, "utf8");
    assert.match(text, /^flowchart TD\n/);
    assert.match(text, /\n\s+subgraph g0\["Fan out · Branch 1"\]\n/);
    assert.match(text, /\n\s+s1 -\.->\|"States\.ALL"\| s\d+\n/);
    assert.match(text, /\n\s+s\d+\(\["Done<br\/>Succeed"\]\)\n/);
  });

  it("a bad format or file is one line and exit 2", async () => {
    const format = await asl(["graph", fixture("order.yaml"), "--format", "png"]);
    assert.equal(format.code, 2);
    assert.equal(oneLine(format), "--format: 'png' is none of svg, dot, mermaid");
    const empty = await asl(["graph", fixture("tasks.mjs")]);
    assert.equal(empty.code, 2);
    assert.match(oneLine(empty), /tasks\.mjs:1:1: invalid JSON: /);
  });
});
