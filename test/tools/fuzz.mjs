// `npm run fuzz -- --runs 100000 [--seed 42]`: the property-based fuzz tests of `npm test`
// (test/asl/fuzz-*.test.ts, test/worker/fuzz-api.test.ts) with more runs. A failure prints fast-check's
// seed and path: replay it with --seed, then keep the counterexample in test/asl/fuzz-regressions.test.ts.
import { spawnSync } from "node:child_process";

const args = process.argv.slice(2);
const env = { ...process.env };
for (let i = 0; i < args.length; i++) {
  const [flag, value] = [args[i], args[++i]];
  if ((flag === "--runs" || flag === "--seed") && /^-?\d+$/.test(value ?? "")) env[flag === "--runs" ? "FUZZ_RUNS" : "FUZZ_SEED"] = value;
  else {
    console.error(`usage: npm run fuzz -- [--runs N] [--seed S]   (got ${JSON.stringify(flag)})`);
    process.exit(2);
  }
}
env.FUZZ_RUNS ??= "10000";
console.log(`fuzz: ${env.FUZZ_RUNS} runs per property${env.FUZZ_SEED ? `, seed ${env.FUZZ_SEED}` : ""}`);
const files = ["test/asl/fuzz-", "test/worker/fuzz-"];
const r = spawnSync("vitest", ["run", "--config", "test/vitest.config.ts", ...files], { stdio: "inherit", env, shell: false });
process.exit(r.status ?? 1);
