/**
 * For test/bench/durable.ts: Cloudflare's list prices and what one million executions cost at them,
 * beside AWS Step Functions Standard. Free allowances and monthly minimums are left out on purpose:
 * this is the marginal price of a million more executions.
 */

/** Source: Cloudflare pricing pages, list prices (Workers Paid, Durable Objects, D1); AWS Step Functions pricing page. */
export const PRICES = {
  workerRequestsPerMillion: 0.3,
  workerCpuPerMillionMs: 0.02,
  doRequestsPerMillion: 0.15,
  doGbSecondsPerMillion: 12.5,
  /** Durable Objects bill duration as if every object had 128 MB. */
  doMemoryGb: 128 / 1024,
  doRowsWrittenPerMillion: 1.0,
  doRowsReadPerMillion: 0.001,
  d1RowsWrittenPerMillion: 1.0,
  d1RowsReadPerMillion: 0.001,
  awsStandardPerThousandTransitions: 0.025,
} as const;

/** What one execution used, averaged over a run. */
export interface PerExecution {
  workerRequests: number;
  /** null when it could not be measured */
  cpuMs: number | null;
  doRequests: number;
  /** Seconds the object was busy with this execution (measured wall time). */
  doSeconds: number;
  doRowsWritten: number;
  doRowsRead: number;
  d1RowsWritten: number;
  d1RowsRead: number;
  transitions: number;
}

export interface CostLine {
  item: string;
  perExecution: string;
  dollarsPerMillion: number | null;
}

/** Dollars per million executions, item by item; the last line is the total. */
export function costPerMillion(u: PerExecution): CostLine[] {
  const p = PRICES;
  const lines: CostLine[] = [
    { item: "Workers requests", perExecution: fmt(u.workerRequests), dollarsPerMillion: u.workerRequests * p.workerRequestsPerMillion },
    { item: "Workers CPU (ms)", perExecution: u.cpuMs === null ? "not measured" : fmt(u.cpuMs), dollarsPerMillion: u.cpuMs === null ? null : u.cpuMs * p.workerCpuPerMillionMs },
    { item: "Durable Object requests", perExecution: fmt(u.doRequests), dollarsPerMillion: u.doRequests * p.doRequestsPerMillion },
    { item: "Durable Object duration (GB-s)", perExecution: fmt(u.doSeconds * p.doMemoryGb), dollarsPerMillion: u.doSeconds * p.doMemoryGb * p.doGbSecondsPerMillion },
    { item: "DO SQLite rows written", perExecution: fmt(u.doRowsWritten), dollarsPerMillion: u.doRowsWritten * p.doRowsWrittenPerMillion },
    { item: "DO SQLite rows read", perExecution: fmt(u.doRowsRead), dollarsPerMillion: u.doRowsRead * p.doRowsReadPerMillion },
    { item: "D1 rows written", perExecution: fmt(u.d1RowsWritten), dollarsPerMillion: u.d1RowsWritten * p.d1RowsWrittenPerMillion },
    { item: "D1 rows read", perExecution: fmt(u.d1RowsRead), dollarsPerMillion: u.d1RowsRead * p.d1RowsReadPerMillion },
  ];
  const total = lines.reduce((s, l) => s + (l.dollarsPerMillion ?? 0), 0);
  lines.push({ item: "Cloudflare total", perExecution: "", dollarsPerMillion: total });
  lines.push({ item: `AWS Step Functions Standard (${u.transitions} transitions)`, perExecution: "", dollarsPerMillion: awsPerMillion(u.transitions) });
  return lines;
}

export const awsPerMillion = (transitions: number): number => (transitions * 1e6 * PRICES.awsStandardPerThousandTransitions) / 1000;

function fmt(x: number): string {
  if (x === 0) return "0";
  if (Math.abs(x) >= 100) return x.toFixed(0);
  if (Math.abs(x) >= 1) return x.toFixed(2);
  return x.toPrecision(3);
}
