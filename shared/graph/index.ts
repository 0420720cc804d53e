/**
 * The graph model's public surface: a definition as a graph (graphOf), an execution's history as each
 * state's run (runsOf) and as a timeline (spansOf). Pure data for the console, the worker and a CLI.
 */
export type * from "./model.ts";
export { graphOf } from "./definition.ts";
export { runsOf, spansOf, type IterationFocus } from "./runs.ts";
export { shortCondition } from "./conditions.ts";
