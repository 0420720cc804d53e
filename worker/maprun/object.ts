/**
 * One Distributed Map run (a Map Run): reads the items a page at a time, keeps a row per child, starts
 * children up to MaxConcurrency (STANDARD: executions of their own, each a Durable Object that tells
 * this one how it ended; EXPRESS: run here, at least once), counts failures against the tolerated
 * thresholds, writes the results (ResultWriter) and answers the parent's Map state with its token.
 * All work happens in the alarm, from what storage holds: a restart resumes where the last commit was.
 */
import { DurableObject } from "cloudflare:workers";
import { StatesError } from "../../shared/asl/index.ts";
import { childExecutionArn, childName } from "../../shared/asl/distributed/names.ts";
import { exceedsTolerance } from "../../shared/asl/distributed/tolerance.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../errors.ts";
import type { ChildEnd, MapRunDescription, MapRunRpc, MapRunStart, MapRunUpdate } from "./contract.ts";
import { readChildren } from "./feed.ts";
import { outcomeOf } from "./results.ts";
import { RunStore, type ChildRow, type RunState } from "./store.ts";
import { mapRunSurroundings as around, type ChildStart } from "./surroundings.ts";

/** Children at once when MaxConcurrency is 0 (see README, "Distributed Map"). */
export const CONCURRENCY_CAP = { STANDARD: 1000, EXPRESS: 100 };
/** Children started per alarm: each start is a subrequest, and an invocation may make 1,000. */
const STARTS_PER_ALARM = 200;
const PAGE = 500;
const WATCHDOG_MS = 30_000;
const MAX_BACKOFF_MS = 5 * 60_000;
/** AWS: a Map Run is redriven at most 1,000 times. */
const MAX_REDRIVES = 1000;

export class MapRunObject extends DurableObject<Env> implements MapRunRpc {
  private readonly runs: RunStore;
  private cached: RunState | null | undefined;
  private pumping?: Promise<void>;
  private readonly express = new Map<number, Promise<void>>();
  /** STANDARD children whose start is under way here, and those whose start failed: when to try again. */
  private readonly starting = new Set<number>();
  private readonly retries = new Map<number, { failures: number; at: number }>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.runs = new RunStore(ctx.storage);
  }

  private current(): RunState | null {
    if (this.cached === undefined) this.cached = this.runs.load();
    return this.cached;
  }

  async start(args: MapRunStart): Promise<void> {
    if (this.current()) return;
    const spec = args.spec;
    const state: RunState = {
      spec,
      executionArn: args.executionArn,
      token: args.token,
      publicUrl: args.publicUrl,
      status: "RUNNING",
      startDate: around.clock(),
      maxConcurrency: spec.maxConcurrency,
      toleratedFailureCount: spec.toleratedFailureCount,
      toleratedFailurePercentage: spec.toleratedFailurePercentage,
      reader: { done: false, items: 0, partial: [] },
      children: 0,
      running: 0,
      failed: 0,
      told: false,
      tellFailures: 0,
      tellAt: 0,
    };
    this.runs.save(state);
    this.cached = state;
    await this.ctx.storage.setAlarm(around.clock());
  }

  async describe(): Promise<MapRunDescription | null> {
    const s = this.current();
    if (!s) return null;
    const { executions, items } = this.runs.counts(s);
    const d: MapRunDescription = {
      mapRunArn: s.spec.mapRunArn,
      executionArn: s.executionArn,
      status: s.status,
      startDate: s.startDate,
      maxConcurrency: s.maxConcurrency,
      toleratedFailurePercentage: s.toleratedFailurePercentage ?? 0,
      toleratedFailureCount: s.toleratedFailureCount ?? 0,
      itemCounts: items,
      executionCounts: executions,
      redriveCount: s.redriveCount ?? 0,
    };
    if (s.stopDate !== undefined) d.stopDate = s.stopDate;
    if (s.redriveDate !== undefined) d.redriveDate = s.redriveDate;
    return d;
  }

  /** Rows this object's storage wrote and read since it was last loaded (for npm run bench:map). */
  async stats(): Promise<{ rowsWritten: number; rowsRead: number }> {
    return this.runs.metered();
  }

  async update(u: MapRunUpdate): Promise<MapRunDescription | null> {
    const s = this.current();
    if (!s) return null;
    if (u.maxConcurrency !== undefined) s.maxConcurrency = u.maxConcurrency;
    if (u.toleratedFailureCount !== undefined) s.toleratedFailureCount = u.toleratedFailureCount;
    if (u.toleratedFailurePercentage !== undefined) s.toleratedFailurePercentage = u.toleratedFailurePercentage;
    this.runs.save(s);
    if (s.status === "RUNNING") await this.ctx.storage.setAlarm(around.clock());
    return this.describe();
  }

  async redrive(args: Omit<MapRunStart, "spec">): Promise<string | null> {
    const s = this.current();
    if (!s) return `No Map Run was started here to redrive`;
    // the same redrive delivered again (its token is the parent's for this attempt): already done
    if (s.token === args.token) return null;
    if ((s.redriveCount ?? 0) >= MAX_REDRIVES) return `The Map Run ${s.spec.mapRunArn} was redriven ${MAX_REDRIVES} times, AWS's limit`;
    // the parent's token changed with its redrive: the run answers the new one
    s.token = args.token;
    if (args.publicUrl) s.publicUrl = args.publicUrl;
    s.redriveCount = (s.redriveCount ?? 0) + 1;
    s.redriveDate = around.clock();
    if (s.status === "SUCCEEDED") {
      // it had succeeded (the Map state failed after it): its outcome is told again
      Object.assign(s, { told: false, tellFailures: 0, tellAt: 0 });
    } else if (s.status !== "RUNNING") {
      // Children still running from the aborted attempt (EXPRESS runs here, STANDARD starts) may end late:
      // each row's attempt, raised here, makes their ends and starts count for nothing (store.ts).
      this.runs.save(s, () => {
        this.runs.redo();
        Object.assign(s, { status: "RUNNING", running: 0, failed: 0, exceeded: false, told: false, tellFailures: 0, tellAt: 0 });
        s.stopDate = undefined;
        s.outcome = undefined;
        s.listed = undefined;
      });
      this.retries.clear();
    }
    this.runs.save(s);
    await this.ctx.storage.setAlarm(around.clock());
    return null;
  }

  async stop(cause: string): Promise<void> {
    const s = this.current();
    if (!s || s.status !== "RUNNING") return;
    s.status = "ABORTED";
    s.stopDate = around.clock();
    // the parent stopped waiting: nobody to answer
    s.told = true;
    this.runs.save(s);
    await this.stopChildren(s, `The Map Run was aborted: ${cause}`);
    await this.ctx.storage.setAlarm(around.clock());
  }

  async childEnded(end: ChildEnd): Promise<void> {
    const s = this.current();
    if (!s) return;
    this.record(s, end);
    await this.ctx.storage.setAlarm(around.clock());
  }

  async alarm(): Promise<void> {
    await (this.pumping ??= this.pump().finally(() => (this.pumping = undefined)));
  }

  private async pump(): Promise<void> {
    for (;;) {
      const s = this.current();
      if (!s) return;
      if (s.listed === undefined) await this.list(s);
      if (s.status === "RUNNING") {
        let progressed: boolean;
        try {
          progressed = await this.fill(s);
        } catch (e) {
          if (!(e instanceof StatesError)) throw e;
          await this.end(s, { error: e.error, cause: e.cause });
          continue;
        }
        if (this.isDone(s)) await this.end(s, await outcomeOf(this.env, s, this.runs));
        else if (!progressed) {
          if (!this.express.size) break;
          await Promise.race(this.express.values());
        }
        continue;
      }
      await this.tell(s);
      await this.list(s);
      break;
    }
    await this.arm();
  }

  /** Create children from items up to the concurrency limit, and start pending ones; false when nothing moved. */
  private async fill(s: RunState): Promise<boolean> {
    const type = s.spec.executionType;
    const limit = s.maxConcurrency > 0 ? s.maxConcurrency : CONCURRENCY_CAP[type];
    if (s.exceeded) return false;
    let moved = await this.restartLost(s);
    const pending = this.runs.count("PENDING");
    const want = Math.min(limit - s.running - pending, PAGE);
    if (want > 0 && !s.reader.done) {
      const made = await readChildren(s, around.store(this.env), want);
      this.runs.save(s, () => {
        for (const c of made) this.runs.addChild(s.children++, c.input, c.items);
      });
      moved = true;
    }
    const room = Math.min(limit - s.running, STARTS_PER_ALARM);
    const rows = room > 0 ? this.runs.children("PENDING", room) : [];
    if (!rows.length) return moved;
    const now = around.clock();
    this.runs.save(s, () => {
      for (const r of rows) this.runs.setRunning(r.idx, now);
      s.running += rows.length;
    });
    if (type === "STANDARD") await Promise.all(rows.map((r) => this.startStandard(s, r)));
    else for (const r of rows) this.runExpress(s, r);
    return true;
  }

  /**
   * After a restart or a failed start: STANDARD children marked running but not known to have started (not
   * being started now, and due after their backoff; at most STARTS_PER_ALARM), EXPRESS ones not running here.
   */
  private async restartLost(s: RunState): Promise<boolean> {
    const running = this.runs.children("RUNNING", 10_000);
    if (s.spec.executionType === "EXPRESS") {
      const lost = running.filter((r) => !this.express.has(r.idx));
      for (const r of lost) this.runExpress(s, r);
      return lost.length > 0;
    }
    const now = around.clock();
    const due = running
      .filter((r) => r.started !== 1 && !this.starting.has(r.idx) && (this.retries.get(r.idx)?.at ?? 0) <= now)
      .slice(0, STARTS_PER_ALARM);
    await Promise.all(due.map((r) => this.startStandard(s, r)));
    return due.length > 0;
  }

  private childStart(s: RunState, r: ChildRow): ChildStart {
    const name = childName(s.spec.mapRunId, r.idx);
    const executionArn = childExecutionArn(s.spec.childMachineArn, name);
    const start: ChildStart = { spec: s.spec, index: r.idx, name, executionArn, input: r.input, publicUrl: s.publicUrl };
    if (r.started === 2) start.redrive = true;
    return start;
  }

  private async startStandard(s: RunState, r: ChildRow): Promise<void> {
    this.starting.add(r.idx);
    try {
      const ended = await around.startChild(this.env, this.childStart(s, r));
      this.retries.delete(r.idx);
      if (ended) this.record(s, ended);
      else this.runs.save(s, () => this.runs.setStarted(r.idx, r.attempt));
    } catch (err) {
      // left RUNNING and not started: started again (same name: the same child) after a backoff, so a start
      // that keeps failing (storage full, a platform limit) is not retried in a tight loop
      const failures = (this.retries.get(r.idx)?.failures ?? 0) + 1;
      const wait = Math.min(1000 * 2 ** (failures - 1), MAX_BACKOFF_MS);
      this.retries.set(r.idx, { failures, at: around.clock() + wait });
      console.warn(`${s.spec.mapRunArn}: starting child ${r.idx} failed (${failures}×); will retry in ${wait} ms`, err);
    } finally {
      this.starting.delete(r.idx);
    }
  }

  private runExpress(s: RunState, r: ChildRow): void {
    const run = around
      .runExpressChild(this.env, this.childStart(s, r))
      .then((e) => {
        const output = e.status === "SUCCEEDED" ? JSON.stringify(e.output ?? null) : undefined;
        this.record(s, {
          index: r.idx,
          attempt: r.attempt,
          status: e.status,
          output,
          error: e.error,
          cause: e.cause,
          startTime: e.startTime,
          stopTime: e.stopTime,
        });
      })
      .catch((err: unknown) => {
        const cause = err instanceof Error ? err.message : String(err);
        this.record(s, {
          index: r.idx,
          attempt: r.attempt,
          status: "FAILED",
          error: "States.Runtime",
          cause,
          startTime: around.clock(),
          stopTime: around.clock(),
        });
      })
      .finally(() => {
        if (this.express.get(r.idx) === run) this.express.delete(r.idx);
      });
    this.express.set(r.idx, run);
  }

  /** A child's end: its row, the counts, and the tolerated failure threshold. */
  private record(s: RunState, end: ChildEnd): void {
    this.retries.delete(end.index);
    const failed = end.status !== "SUCCEEDED";
    this.runs.save(s, () => {
      const result = { output: end.output, error: end.error, cause: end.cause, stop: end.stopTime };
      if (!this.runs.setEnded(end.index, end.status, result, end.attempt)) return;
      s.running--;
      if (failed) s.failed++;
    });
    if (failed && s.status === "RUNNING" && !s.exceeded && exceedsTolerance(s, s.failed, s.reader.done ? s.children : undefined)) {
      // no more children start; the run ends (results written, the rest PENDING) once the alarm runs
      s.exceeded = true;
      this.runs.save(s);
    }
  }

  private isDone(s: RunState): boolean {
    if (s.exceeded) return s.running === 0;
    return s.reader.done && s.reader.partial.length === 0 && s.running === 0 && this.runs.count("PENDING") === 0;
  }

  private async end(s: RunState, outcome: RunState["outcome"] & object): Promise<void> {
    s.outcome = outcome;
    s.status = "output" in outcome ? "SUCCEEDED" : "FAILED";
    s.stopDate = around.clock();
    this.runs.save(s);
    if (s.running > 0) await this.stopChildren(s, "The Map Run failed");
  }

  private async stopChildren(s: RunState, cause: string): Promise<void> {
    const rows = this.runs.children("RUNNING", 10_000);
    this.runs.save(s, () => {
      for (const r of rows) this.runs.setEnded(r.idx, "ABORTED", { error: "States.Aborted", cause, stop: around.clock() });
      s.running = 0;
    });
    this.retries.clear();
    if (s.spec.executionType !== "STANDARD") return;
    await Promise.all(
      rows.map((r) =>
        around.stopChild(this.env, this.childStart(s, r).executionArn, cause).catch((e) => console.warn("stop child failed", e)),
      ),
    );
  }

  private async tell(s: RunState): Promise<void> {
    if (s.told || !s.outcome || s.tellAt > around.clock()) return;
    try {
      const o = s.outcome;
      await around.answerParent(
        this.env,
        s.token,
        "output" in o ? o : { error: "timeout" in o ? "States.Timeout" : o.error, cause: "timeout" in o ? null : (o.cause ?? null) },
      );
      s.told = true;
    } catch (err) {
      if (err instanceof ApiError) s.told = true;
      else {
        s.tellFailures++;
        s.tellAt = around.clock() + Math.min(1000 * 2 ** (s.tellFailures - 1), MAX_BACKOFF_MS);
      }
    }
    this.runs.save(s);
  }

  private async list(s: RunState): Promise<void> {
    if (s.listed === s.status) return;
    try {
      const row = {
        mapRunArn: s.spec.mapRunArn,
        executionArn: s.executionArn,
        status: s.status,
        startDate: s.startDate,
        stopDate: s.stopDate ?? null,
        redriveCount: s.redriveCount ?? 0,
      };
      await around.listMapRun(this.env, row);
      s.listed = s.status;
      this.runs.save(s);
    } catch (err) {
      console.warn(`${s.spec.mapRunArn}: the ListMapRuns row failed; will retry`, err);
    }
  }

  private async arm(): Promise<void> {
    const s = this.current();
    if (!s) return;
    const now = around.clock();
    let at = Infinity;
    if (s.status === "RUNNING") at = now + WATCHDOG_MS;
    if (s.status === "RUNNING") for (const r of this.retries.values()) at = Math.min(at, Math.max(r.at, now + 100));
    if (s.status !== "RUNNING" && !s.told) at = Math.min(at, Math.max(s.tellAt, now + 1000));
    if (s.listed !== s.status) at = Math.min(at, now + 5000);
    if (at === Infinity) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(at);
  }
}
