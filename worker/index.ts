import { app } from "./app.ts";

export { ExecutionObject } from "./execution/object.ts";

export default app;
