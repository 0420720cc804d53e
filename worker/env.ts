import type { ExecutionObject } from "./execution/object.ts";

/** The bindings declared in wrangler.toml; keep the two in step. */
export interface Env {
  DB: D1Database;
  EXECUTIONS: DurableObjectNamespace<ExecutionObject>;
}

type WorkerEnv = Env;

// Types `env` from "cloudflare:workers" and `ctx.exports` (what `wrangler types` would generate).
declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {}
    interface GlobalProps {
      mainModule: typeof import("./index.ts");
      durableNamespaces: "ExecutionObject";
    }
  }
}
