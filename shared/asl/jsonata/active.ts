/** The environment of the evaluation under way (evaluation is synchronous: one at a time). */
import type { EvalEnv } from "../types.ts";

export const active: { env: EvalEnv | undefined } = { env: undefined };
