import { app } from "./app.ts";

export { ExecutionObject } from "./execution/object.ts";
export { ActivityObject } from "./activities/object.ts";
export { ExampleTasks } from "./examples/tasks.ts";

export default app;
