/**
 * The console's browser tests: the runtime in workerd (test/e2e/runtime.ts), Debian's Chromium driven by
 * playwright-core (never a downloaded browser), axe-core run inside each page, screenshots saved under
 * test-output/console (gitignored) for a person to look at.
 */
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { startRuntime, type Runtime } from "../e2e/runtime.ts";

export const root = resolve(import.meta.dirname, "../..");
export const SHOTS = join(root, "test-output/console");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** The flags a root user on a closed network needs (see the machines' notes): no sandbox, no background calls home. */
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

export interface Console {
  runtime: Runtime;
  browser: Browser;
  token: string;
  /** An API call with the bearer token (set-up that is not what the test is about). */
  api(method: string, path: string, body?: unknown): Promise<any>;
  close(): Promise<void>;
}

export async function startConsole(token = "browser-test-token"): Promise<Console> {
  const [runtime, browser] = await Promise.all([startRuntime(root, { apiToken: token }), launch()]);
  return {
    runtime,
    browser,
    token,
    async api(method, path, body) {
      const res = await fetch(`${runtime.endpoint}${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return text ? JSON.parse(text) : undefined;
    },
    async close() {
      await browser.close();
      await runtime.dispose();
    },
  };
}

/** A new page (its own cookies), signed in through the form. */
export async function signedIn(c: Console): Promise<Page> {
  // bypassCSP: axe-core is injected as an inline script, which the console's own policy refuses.
  const context = await c.browser.newContext({ viewport: { width: 1400, height: 1000 }, bypassCSP: true });
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
  await page.goto(`${c.runtime.endpoint}/console`);
  await page.fill('input[name="token"]', c.token);
  await Promise.all([page.waitForURL(/\/console$/), page.click('button[type="submit"]')]);
  return page;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's violations of the page as it is now; the serious and critical ones listed for a message. */
export async function axe(page: Page): Promise<{ critical: string[]; serious: string[] }> {
  await page.addScriptTag({ content: axeSource });
  const violations = (await page.evaluate(async () => {
    const r = await (
      window as unknown as {
        axe: { run(): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe.run();
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
  })) as { id: string; impact: string; help: string; targets: string[] }[];
  const line = (v: (typeof violations)[number]) => `${v.id} (${v.impact}): ${v.help} at ${v.targets.join(", ")}`;
  return {
    critical: violations.filter((v) => v.impact === "critical").map(line),
    serious: violations.filter((v) => v.impact === "serious").map(line),
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** The data-status of every state node, by state name. */
export function statuses(page: Page): Promise<Record<string, string>> {
  return page.$$eval("[data-state]", (els) =>
    Object.fromEntries(els.map((e) => [e.getAttribute("data-state")!, e.getAttribute("data-status")!])),
  );
}
