/**
 * The composition root: gives the parts (the Durable Objects) the application layer's operations
 * they call without importing them, so that every arrow between layers points down (DESIGN.md).
 * worker/index.ts imports this first; Cloudflare evaluates the main module before it makes any object.
 */
import { provideToActivities } from "./activities/surroundings.ts";
import { provide } from "./execution/surroundings.ts";
import { dispatcherFor } from "./service/dispatcher.ts";
import { stopChildExecution } from "./service/executions.ts";
import { callbackUrls, sendTaskResult, takeActivityTask } from "./service/task-answers.ts";

provide({
  dispatcher: dispatcherFor,
  answerParent: sendTaskResult,
  stopChild: stopChildExecution,
  callbackUrls,
});

provideToActivities({ takeTask: takeActivityTask });
