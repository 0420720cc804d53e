import { app } from "./app.ts";
import type { Env } from "./env.ts";
import { expressQueue } from "./express/queue.ts";

export { ExecutionObject } from "./execution/object.ts";
export { ActivityObject } from "./activities/object.ts";
export { ExampleTasks } from "./examples/tasks.ts";

// fetch: the Hono app; queue: asynchronous Express starts (EXPRESS_STARTS).
export default {
  fetch: app.fetch,
  queue: expressQueue,
} satisfies ExportedHandler<Env, import("./express/queue.ts").ExpressStart>;
