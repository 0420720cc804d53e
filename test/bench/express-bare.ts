/**
 * For test/bench/express.ts: the baseline, a bare Hono worker doing the small-express workflow's work
 * by hand (pick the order's fields, POST them to the same Compute server, answer {id, total}).
 * Bundled and run beside the runtime in the same Miniflare instance; never deployed.
 */
import { Hono } from "hono";

export default new Hono<{ Bindings: { COMPUTE_URL: string } }>().post("/bare", async (c) => {
  const { order } = await c.req.json<{ order: { id: string; qty: number; price: number } }>();
  const prep = { id: order.id, qty: order.qty, price: order.price };
  if (!(prep.qty > 0)) return c.json(prep);
  const res = await fetch(c.env.COMPUTE_URL, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(prep) });
  const calc = (await res.json()) as { total: number };
  return c.json({ id: prep.id, total: calc.total });
});
