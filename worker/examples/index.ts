/**
 * The worker with the tutorial's examples: the production worker (worker/index.ts) plus the example task
 * worker, an entrypoint that the TASKS service binding of worker/examples/wrangler.examples.toml names.
 * `npm run dev` and the tests run this; `wrangler deploy` deploys worker/index.ts without it (opt in with
 * `npm run deploy:examples`).
 */
export { default, ExecutionObject, ActivityObject, MapRunObject } from "../index.ts";
export { ExampleTasks } from "./tasks.ts";
