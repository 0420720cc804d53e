/** Small helpers for test/bench/engine.ts: task handlers by kind, JSON diff, formatting. */

export type Handler = (input: any, info?: unknown) => unknown;
export type Handlers = Record<string, Handler>;

/**
 * Task handlers by kind (see ../shared/bench/README.md). The same functions are given to both engines.
 * `reset()` is called before each execution: failTwiceThenSucceed counts attempts per execution.
 */
export function makeHandlers(kinds: Record<string, string>): { handlers: Handlers; reset: () => void } {
  const handlers: Handlers = {};
  const counters: { n: number }[] = [];
  for (const [state, kind] of Object.entries(kinds)) {
    if (kind === "double") handlers[state] = (n: number) => n * 2;
    else if (kind === "orderTotal") handlers[state] = ({ qty, price }: { qty: number; price: number }) => ({ total: qty * price });
    else if (kind === "failTwiceThenSucceed") {
      const c = { n: 0 };
      counters.push(c);
      // One Error made once and thrown each time (../shared/bench/README.md): a fresh stack capture per
      // attempt would time V8's stack walker, not the interpreter.
      const transient = new Error("attempt failed");
      transient.name = "Transient";
      handlers[state] = () => {
        c.n++;
        if (c.n < 3) throw transient;
        return { attempt: c.n, ok: true };
      };
    } else throw new Error(`unknown handler kind ${kind} for state ${state}`);
  }
  const reset = () => {
    for (const c of counters) c.n = 0;
  };
  return { handlers, reset };
}

/** Differences between two JSON values (object key order ignored), as "path: got X, expected Y". */
export function jsonDiff(got: unknown, want: unknown, path = "$", out: string[] = []): string[] {
  if (out.length >= 10) return out;
  const show = (v: unknown) => {
    const s = JSON.stringify(v);
    return s === undefined ? "undefined" : s.length > 80 ? s.slice(0, 77) + "..." : s;
  };
  if (Array.isArray(want)) {
    if (!Array.isArray(got) || got.length !== want.length) out.push(`${path}: got ${show(got)}, expected ${show(want)}`);
    else for (let i = 0; i < want.length; i++) jsonDiff(got[i], want[i], `${path}[${i}]`, out);
  } else if (want !== null && typeof want === "object") {
    if (got === null || typeof got !== "object" || Array.isArray(got)) out.push(`${path}: got ${show(got)}, expected ${show(want)}`);
    else {
      const g = got as Record<string, unknown>;
      const w = want as Record<string, unknown>;
      for (const k of new Set([...Object.keys(w), ...Object.keys(g)])) {
        if (!(k in w)) out.push(`${path}.${k}: unexpected ${show(g[k])}`);
        else if (!(k in g)) out.push(`${path}.${k}: missing, expected ${show(w[k])}`);
        else jsonDiff(g[k], w[k], `${path}.${k}`, out);
      }
    }
  } else if (got !== want) out.push(`${path}: got ${show(got)}, expected ${show(want)}`);
  return out;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export const fmtInt = (x: number | null) => (x === null ? "–" : Math.round(x).toLocaleString("en-US"));

/** Milliseconds with about three significant digits. */
export function fmtMs(x: number | null | undefined): string {
  if (x === null || x === undefined) return "–";
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1);
  if (x >= 1) return x.toFixed(2);
  if (x >= 0.01) return x.toFixed(3);
  return x.toPrecision(2);
}
