import "./wiring.ts";
import { app } from "./app.ts";
import { expressStartsConsumer } from "./consumers/express-starts.ts";
import type { Env } from "./env.ts";
import type { ExpressStart } from "./service/express-queue.ts";

export { ExecutionObject } from "./execution/object.ts";
export { ActivityObject } from "./activities/object.ts";
export { MapRunObject } from "./maprun/object.ts";

// fetch: the Hono app; queue: asynchronous Express starts (EXPRESS_STARTS).
export default {
  fetch: app.fetch,
  queue: expressStartsConsumer,
} satisfies ExportedHandler<Env, ExpressStart>;
