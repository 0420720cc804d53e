import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env.ts";
import { migrate } from "./schema.ts";
import { query } from "./sql.ts";

/** One execution: its state, history and timers, in this object's own SQLite storage. */
export class ExecutionObject extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => migrate(ctx.storage));
  }

  /** Wiring check: this object's id and how many times it has been pinged (stored). */
  async ping(): Promise<{ id: string; name: string | undefined; pings: number }> {
    const [{ value }] = query<{ value: string }>(
      this.ctx.storage.sql,
      "meta.pings",
      `INSERT INTO meta (key, value) VALUES ('pings', '1')
       ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1
       RETURNING value`,
    );
    return { id: this.ctx.id.toString(), name: this.ctx.id.name, pings: Number(value) };
  }
}
