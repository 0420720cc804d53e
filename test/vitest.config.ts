// Two projects: the engine in plain Node, the worker inside workerd (Cloudflare's plugin).
// Lives in test/ because the top level is reserved; `npm test` passes --config.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { buildConsole } from "./tools/build-console.mjs";
import { writeExamplesConfig } from "./tools/examples-config.mjs";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));
// The worker imports the console's built assets (worker/console/assets.generated.ts).
await buildConsole({ quiet: true });

// Host parity (test/worker/parity.test.ts): conformance cases for the durable runtime, read here
// because workerd cannot read files. The corpus is not in the repo: without it the list is empty.
// PARITY_CORPUS points elsewhere (a missing folder checks the fresh-clone case).
function parityCases(dir = process.env.PARITY_CORPUS || `${root}/../shared/conformance`): object[] {
  const out: object[] = [];
  // base, scenarios (inline Map) and error_handling for issue 3; the JSONata and variables
  // categories for issue 4; activities for issue 5 (test/worker/activities-parity.test.ts too);
  // callback, timeouts and local_mocking for issue 5 (tokens answered through the object's sendTask).
  for (const category of [
    "base",
    "scenarios",
    "error_handling",
    "assign",
    "arguments",
    "evaluate_jsonata",
    "outputdecl",
    "query_language",
    "states_variables",
    "activities",
    "callback",
    "timeouts",
    "local_mocking",
    "services",
  ]) {
    const d = `${dir}/cases/${category}`;
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d)
      .filter((n) => n.endsWith(".json"))
      .sort()) {
      const k = JSON.parse(readFileSync(`${d}/${f}`, "utf8"));
      const type = k.meta?.state_machine_type === "EXPRESS" ? "EXPRESS" : "STANDARD";
      out.push({
        file: `${category}/${f}`,
        definition: k.definition,
        input: k.input ?? {},
        expect: k.expect,
        stubs: k.stubs ?? {},
        placeholders: k.placeholders ?? [],
        type,
        s3_objects: k.s3_objects ?? [],
      });
    }
  }
  return out;
}

export default defineConfig({
  root,
  test: {
    projects: [
      {
        test: {
          name: "asl",
          root,
          environment: "node",
          include: ["test/asl/**/*.test.ts", "test/architecture/**/*.test.ts", "test/shared/**/*.test.ts"],
        },
      },
      {
        plugins: [
          cloudflareTest(async () => ({
            // The worker with the examples (worker/examples): wrangler.toml plus the TASKS binding and LAMBDA_FUNCTIONS.
            wrangler: { configPath: writeExamplesConfig(root) },
            remoteBindings: false,
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: await readD1Migrations(`${root}/migrations`),
                API_TOKEN: "test-token",
                PARITY_CASES: parityCases(),
                AWS_ACCESS_KEYS: { test: "test" },
                // wrangler.toml's topic, and one fanning out to a queue, a URL and a worker (integrations-sns-e2e.test.ts).
                SNS_TOPICS: {
                  "order-events": ["queue:OUTBOX"],
                  "order-notifications": ["queue:OUTBOX"],
                  fanout: ["queue:OUTBOX", "https://hooks.example.com/sns", "worker:TASKS/sendNotification"],
                },
                SNS_SIGNING_SECRET: "test-sns-secret",
                // `npm run fuzz -- --runs N --seed S` (test/worker/fuzz-api.test.ts reads them here)
                FUZZ_RUNS: process.env.FUZZ_RUNS ?? "",
                FUZZ_SEED: process.env.FUZZ_SEED ?? "",
              },
            },
          })),
        ],
        test: {
          name: "worker",
          root,
          include: ["test/worker/**/*.test.ts"],
          setupFiles: ["test/worker/setup.ts"],
        },
      },
    ],
  },
});
