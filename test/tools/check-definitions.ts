/**
 * Before deploying: would this runtime accept these state machines? Runs CreateStateMachine's checks (the
 * engine's validator, then every Task's resource against the bindings and vars of a wrangler config) over
 * every `*.asl.json`, `*.asl.yaml` and `*.asl.yml` under the folders given, and prints per file "accepted"
 * or each reason with its place. Exit 0 when all are accepted, 1 when one is refused, 2 on bad usage.
 *
 *   npm run check-definitions -- <dir|file>... [--config wrangler.toml] [--type STANDARD|EXPRESS]
 *                                 [--aws-credentials] [--sub Name=Value]...
 *
 * --aws-credentials checks as if AWS credentials were configured (resources no binding maps go to AWS);
 * --sub fills a SAM/CDK placeholder `${Name}` (DefinitionSubstitutions) before checking.
 * The checks run in workerd (Miniflare) with the config's bindings, exactly as the deployed worker runs them.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { startRuntime } from "../e2e/runtime.ts";

const root = resolve(import.meta.dirname, "../..");
const cwd = process.env.INIT_CWD ?? process.cwd();
const args = process.argv.slice(2);

function usage(message: string): never {
  console.error(`check-definitions: ${message}`);
  console.error("usage: npm run check-definitions -- <dir|file>... [--config wrangler.toml] [--type STANDARD|EXPRESS] [--aws-credentials] [--sub Name=Value]...");
  process.exit(2);
}

const paths: string[] = [];
const subs: Record<string, string> = {};
let config = join(root, "wrangler.toml");
let type = "STANDARD";
let aws = false;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const value = () => args[++i] ?? usage(`${a} needs a value`);
  if (a === "--config") config = resolve(cwd, value());
  else if (a === "--type") type = value().toUpperCase();
  else if (a === "--aws-credentials") aws = true;
  else if (a === "--sub") {
    const [k, ...v] = value().split("=");
    if (!k || !v.length) usage("--sub takes Name=Value");
    subs[k] = v.join("=");
  } else if (a.startsWith("--")) usage(`unknown option ${a}`);
  else paths.push(resolve(cwd, a));
}
if (!paths.length) usage("name a folder or a file");
if (type !== "STANDARD" && type !== "EXPRESS") usage("--type is STANDARD or EXPRESS");
if (!existsSync(config)) usage(`no wrangler config at ${config}`);

const DEFINITION = /\.asl\.(json|ya?ml)$/i;
function* definitions(path: string): Generator<string> {
  if (!existsSync(path)) usage(`${path} does not exist`);
  if (statSync(path).isFile()) {
    yield path;
    return;
  }
  for (const name of readdirSync(path).sort()) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const full = join(path, name);
    if (statSync(full).isDirectory()) yield* definitions(full);
    else if (DEFINITION.test(name)) yield full;
  }
}

/** The definition's JSON text: YAML read as YAML, placeholders filled; or why it cannot be read. */
function definitionText(file: string): { text: string } | { problem: string } {
  let text = readFileSync(file, "utf8");
  text = text.replace(/\$\{([A-Za-z0-9_.:-]+)\}/g, (whole, name: string) => (Object.hasOwn(subs, name) ? subs[name] : whole));
  if (/\.ya?ml$/i.test(file)) {
    try {
      text = JSON.stringify(parseYaml(text));
    } catch (e) {
      return { problem: `not valid YAML: ${(e as Error).message.split("\n")[0]}` };
    }
  }
  const left = [...new Set(text.match(/\$\{[A-Za-z0-9_.:-]+\}/g) ?? [])];
  return left.length ? { problem: `unfilled placeholder${left.length > 1 ? "s" : ""} ${left.join(", ")}: give each with --sub Name=Value` } : { text };
}

const files = paths.flatMap((p) => [...definitions(p)]);
/** A file as the user named its place: relative to where they are, unless it lies outside. */
const shown = (file: string): string => (relative(cwd, file).startsWith("..") ? file : relative(cwd, file));
if (!files.length) usage(`no *.asl.json, *.asl.yaml or *.asl.yml under ${paths.join(", ")}`);

const TOKEN = "check-definitions";
const credentials = aws ? { AWS_ACCESS_KEY_ID: "AKIDCHECKDEFINITIONS", AWS_SECRET_ACCESS_KEY: "check-definitions" } : {};
const runtime = await startRuntime(root, { config, apiToken: TOKEN, bindings: credentials });
let refused = 0;
try {
  for (const file of files) {
    const name = shown(file);
    const read = definitionText(file);
    if ("problem" in read) {
      refused++;
      console.log(`✗ ${name}\n    ${read.problem}`);
      continue;
    }
    const res = await fetch(`${runtime.endpoint}/state-machines/validate`, {
      method: "POST",
      headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
      body: JSON.stringify({ definition: read.text, type, maxResults: 100 }),
    });
    const body = (await res.json()) as { result?: string; diagnostics?: { location?: string; message: string }[]; message?: string };
    if (res.ok && body.result === "OK") {
      console.log(`✓ ${name}`);
      continue;
    }
    refused++;
    console.log(`✗ ${name}`);
    for (const d of body.diagnostics ?? [{ message: body.message ?? `HTTP ${res.status}` }]) console.log(`    ${d.location ?? "/"}: ${d.message}`);
  }
} finally {
  await runtime.dispose();
}
const summary = `${files.length - refused} of ${files.length} accepted (${type}, ${shown(config)}${aws ? ", with AWS credentials" : ""})`;
console.log(`\n${summary}`);
process.exit(refused ? 1 : 0);
