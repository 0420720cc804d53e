/**
 * The composition root: gives the parts (the Durable Objects) the application layer's operations
 * they call without importing them, so that every arrow between layers points down (DESIGN.md).
 * worker/index.ts imports this first; Cloudflare evaluates the main module before it makes any object.
 */
import { writeMapRunRow } from "./db/map-runs.ts";
import { provideToActivities } from "./activities/surroundings.ts";
import { provide } from "./execution/surroundings.ts";
import { provideToMapRuns } from "./maprun/surroundings.ts";
import { dispatcherFor } from "./service/dispatcher.ts";
import { stopChildExecution } from "./service/executions.ts";
import { runMapRunExpressChild, startMapRunChild, tellMapRun } from "./service/map-run-children.ts";
import { callbackUrls, sendTaskResult, takeActivityTask } from "./service/task-answers.ts";

provide({
  dispatcher: dispatcherFor,
  answerParent: sendTaskResult,
  stopChild: stopChildExecution,
  tellMapRun,
  callbackUrls,
});

provideToMapRuns({
  startChild: startMapRunChild,
  stopChild: stopChildExecution,
  runExpressChild: (env, child) => runMapRunExpressChild(env, child, dispatcherFor(env)),
  answerParent: sendTaskResult,
  listMapRun: async (env, row) => {
    await writeMapRunRow(env.DB, row);
  },
});

provideToActivities({ takeTask: takeActivityTask });
