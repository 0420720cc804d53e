import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    // `env` in worker tests: the worker's bindings (worker/env.ts) plus what the vitest config adds.
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      FUZZ_RUNS: string;
      FUZZ_SEED: string;
    }
  }
}
