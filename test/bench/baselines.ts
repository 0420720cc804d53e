/**
 * Hand-written JavaScript doing what a bench workflow does, with the same task handlers: the floor an
 * interpreter can approach (no ASL, no history, no context object). engine.ts times it with the same
 * protocol and prints how far our engine is from it.
 */
import type { Handlers } from "./util.ts";

type Baseline = (input: any, handlers: Handlers) => Promise<unknown>;

export const BASELINES: Record<string, Baseline> = {
  // Prepare (Parameters, ResultPath $.prep) -> Route (Choice) -> Compute (Task, InputPath $.prep, ResultPath $.calc) -> Finish -> Done
  "small-express": async (input, handlers) => {
    const state = { ...input, prep: { id: input.order.id, qty: input.order.qty, price: input.order.price } };
    if (!(typeof state.prep.qty === "number" && state.prep.qty > 0)) return state;
    state.calc = await handlers.Compute(state.prep);
    return { id: state.prep.id, total: state.calc.total };
  },
};
