import { DurableObject } from "cloudflare:workers";
import {
  completeTask,
  MAX_PAYLOAD_BYTES,
  recordHeartbeat,
  recordStarted,
  startExecution,
  stopExecution,
  type Host,
  type StateMachine,
} from "../../shared/asl/index.ts";
import type { ExecutionDescription, HistoryPage } from "../../shared/api/types.ts";
import type { Env } from "../env.ts";
import { closeToken, taskOfToken } from "./token-registry.ts";
import type { AnswerOutcome, CallbackUrls, Dispatcher, ExecutionRpc, HistoryQuery, StartArgs, StartOutcome, TaskAnswer, TaskResult } from "./contract.ts";
import type { ListingDb } from "../db/execution-rows.ts";
import { Listing } from "./listing.ts";
import { compiled } from "./machine.ts";
import { notifyParent } from "./parent-link.ts";
import { meter, query } from "./sql.ts";
import { newStats, type HostState, type Stats } from "./host-state.ts";
import { nextWake, step, type Done, type StepResult } from "./step.ts";
import { Store, type Loaded } from "./store.ts";
import { surroundings } from "./surroundings.ts";
import { TaskPump } from "./task-pump.ts";
import { makeTaskToken, tokenKey } from "./token-signing.ts";
import { description, historyPage } from "./wire.ts";

const iso = (ms: number): string => new Date(ms).toISOString();
const random = (): number => crypto.getRandomValues(new Uint32Array(1))[0] / 2 ** 32;
const uuid = (): string => crypto.randomUUID();

/**
 * One execution: its state, history and timers in this object's SQLite storage, which is the truth;
 * what is in memory is a cache that an eviction may drop at any time. Every change is committed
 * (state, new events, the alarm) before anything leaves the object.
 */
export class ExecutionObject extends DurableObject<Env> implements ExecutionRpc {
  /** Replaceable in tests (see surroundings.ts), per instance through runInDurableObject. */
  clock: () => number = () => surroundings.clock();
  dispatcher: Dispatcher;
  db: ListingDb;
  private readonly store: Store;
  private readonly listing = new Listing();
  private tasks: TaskPump;
  /** undefined: not read from storage yet; null: no execution here. */
  private cached: Loaded | null | undefined;
  private machine?: StateMachine;
  /** The alarm as last set by this instance; undefined when unknown (fresh instance). */
  private armed: number | null | undefined;
  private readonly tokenKey: Uint8Array;
  /** Child executions to stop once the commit that let them go has landed. */
  private orphans: string[] = [];

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new Store(ctx.storage);
    this.dispatcher = surroundings.dispatcher(env);
    this.db = surroundings.db(env);
    this.tasks = new TaskPump(this);
    this.tokenKey = tokenKey(env);
  }

  /** A task's callback URLs (the dispatch passes them with its token). */
  callbackUrls(token: string): CallbackUrls {
    return surroundings.callbackUrls(this.env, token);
  }

  async start(a: StartArgs): Promise<StartOutcome> {
    // The routes refuse this first, with InvalidExecutionInput.
    if (new TextEncoder().encode(a.input).length > MAX_PAYLOAD_BYTES) throw new Error(`InvalidExecutionInput: the input exceeds ${MAX_PAYLOAD_BYTES} bytes`);
    const cur = this.current();
    if (cur) {
      const e = cur.state.exec;
      cur.state.stats.requests++;
      if (e.status === "RUNNING" && e.name === a.name && cur.input === a.input) return { ok: true, executionArn: e.executionArn, startDate: iso(e.startTime) };
      return { ok: false, error: "ExecutionAlreadyExists", message: `Execution already exists: '${a.executionArn}'` };
    }
    const m = compiled(a.definition, a.type);
    const host = this.host();
    const exec = startExecution(m, JSON.parse(a.input), host, {
      executionArn: a.executionArn,
      name: a.name,
      stateMachineArn: a.stateMachineArn,
      stateMachineName: a.stateMachineName,
      roleArn: a.roleArn,
    });
    const state: HostState = { exec, tasks: {}, listing: { synced: null, failures: 0, retryAt: 0 }, stats: newStats() };
    if (a.parent) state.parent = { ...a.parent, notified: false, failures: 0, retryAt: 0 };
    state.stats.requests = 1;
    const loaded: Loaded = { definition: a.definition, revision: a.revision, input: a.input, state };
    this.cached = loaded;
    this.machine = m;
    this.armed = null;
    this.save(step(m, state, host, []), true, loaded);
    await this.afterCommit();
    return { ok: true, executionArn: exec.executionArn, startDate: iso(exec.startTime) };
  }

  async describe(): Promise<ExecutionDescription | null> {
    const l = this.current();
    if (l) l.state.stats.requests++;
    return l ? description(l) : null;
  }

  async stop(error?: string, cause?: string): Promise<{ stopDate: string } | null> {
    const l = this.current();
    if (!l) return null;
    l.state.stats.requests++;
    const host = this.host();
    if (!stopExecution(l.state.exec, host, error, cause)) return null;
    this.save(step(this.compiledMachine(l), l.state, host, []));
    await this.afterCommit();
    return { stopDate: iso(l.state.exec.stopTime ?? host.now) };
  }

  async history(q: HistoryQuery): Promise<HistoryPage | null> {
    const l = this.current();
    if (!l) return null;
    l.state.stats.requests++;
    return historyPage(this.store, l.state.exec.eventSeq, q);
  }

  /** sendTask's older form: true when the answer was taken. */
  async sendTask(token: string, outcome: Exclude<TaskResult, { submitted: unknown }> | { heartbeat: true }): Promise<boolean> {
    return (await this.answerTask(token, outcome)) === "ok";
  }

  /**
   * SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat for a task waiting on its token (the token
   * names this object and was verified: see token.ts). A timeout due by now wins over the answer.
   */
  async answerTask(token: string, outcome: TaskAnswer): Promise<AnswerOutcome> {
    const l = this.current();
    const exec = l?.state.exec;
    if (!l || !exec) return "unknown";
    const id = exec.status === "RUNNING" ? taskOfToken(exec, token) : undefined;
    if (id === undefined) return l.state.closed?.[token] ?? "unknown";
    l.state.stats.requests++;
    const host = this.host();
    const m = this.compiledMachine(l);
    if (Object.values(exec.timers).some((t) => t.task === id && t.due <= host.now && (t.purpose === "task-timeout" || t.purpose === "heartbeat"))) {
      this.save(step(m, l.state, host, []));
      await this.afterCommit();
      return "timed-out";
    }
    if ("heartbeat" in outcome) recordHeartbeat(exec, id, host);
    else if ("started" in outcome) recordStarted(exec, id, outcome.workerName, host);
    else {
      // Not yet known to be handed over (a crash before TaskSubmitted): the answer settles it anyway.
      delete l.state.tasks[id];
      if (l.state.children) delete l.state.children[id];
      closeToken(l.state, token, "answered");
      this.tasks.abort([id]);
      completeTask(m, exec, id, outcome, host);
    }
    this.save(step(m, l.state, host, []));
    // A pump waiting on other tasks sends what this step asked for now, not when they come back.
    this.tasks.kick();
    await this.afterCommit();
    return "ok";
  }

  /**
   * Costs so far (for the benchmark): rows written and read, commits, D1 writes, requests, ... The
   * stored counts plus what this instance metered since its last commit (reads, an alarm write).
   */
  async stats(): Promise<(Stats & { transitions: number; events: number }) | null> {
    const l = this.current();
    if (!l) return null;
    const s = l.state.stats;
    const m = meter(this.ctx.storage.sql);
    return {
      ...s,
      rowsWritten: s.rowsWritten + m.rowsWritten,
      rowsRead: (s.rowsRead ?? 0) + m.rowsRead,
      transitions: l.state.exec.transitions,
      events: l.state.exec.eventSeq,
    };
  }

  /** Every due timer, every task not yet sent, pure work left by a budget cut, a listing retry. */
  async alarm(): Promise<void> {
    const l = this.current();
    if (!l) return;
    // The alarm that fired is gone: the next commit sets a new one if anything is left.
    this.armed = null;
    l.state.stats.requests++;
    l.state.stats.alarms++;
    await this.tasks.pump(l);
    await this.afterCommit();
  }

  /**
   * Drops everything held in memory, as a crash would between a dispatch and its result: the next
   * call reloads from storage. For tests (an eviction waits for in-flight work; a crash does not).
   */
  forget(): void {
    const old = this.tasks;
    this.cached = undefined;
    this.machine = undefined;
    this.tasks = new TaskPump(this);
    old.detach();
  }

  /** One step of the execution, committed; used by the task pump too. */
  run(l: Loaded, done: Done[]): StepResult {
    const seq = l.state.exec.eventSeq;
    const r = step(this.compiledMachine(l), l.state, this.host(), done);
    // Every transition makes an event: none and nothing fed back means nothing to write but the alarm.
    this.save(r, done.length > 0 || r.cancelled.length > 0 || l.state.exec.eventSeq !== seq);
    return r;
  }

  /** The execution as stored, read once per instance. */
  current(): Loaded | null {
    if (this.cached === undefined) {
      this.cached = this.store.load();
      this.armed = undefined;
    }
    return this.cached;
  }

  /** Commits a step: state, its events and the alarm in one atomic write; then aborts what it cancelled. */
  private save(r: StepResult, changed = true, created?: Loaded): void {
    const l = this.cached!;
    const s = l.state;
    const wake = nextWake(s, this.clock(), (id) => this.tasks.willSend(id), this.armed);
    const rearm = wake !== this.armed;
    // Cloudflare bills setting or deleting an alarm as a row written: metered like a statement.
    if (rearm) meter(this.ctx.storage.sql).rowsWritten++;
    if (created) this.store.create(created, s, r.events);
    else if (changed) this.store.commit(s, r.events);
    // Same synchronous turn as the transaction: storage writes of one turn land together.
    if (rearm) {
      this.armed = wake;
      void (wake === null ? this.ctx.storage.deleteAlarm() : this.ctx.storage.setAlarm(wake));
    }
    this.tasks.abort(r.cancelled);
    if (r.orphans?.length) this.orphans.push(...r.orphans);
  }

  /** After a commit: the D1 listing, the parent of a child that ended, the children let go. */
  private async afterCommit(): Promise<void> {
    await this.syncListing();
    const l = this.cached;
    if (l?.state.parent && (await notifyParent(this.env, l, this.clock)) && this.cached === l) this.save({ cut: false, events: [], cancelled: [] });
    const orphans = this.orphans.splice(0);
    const by = l?.state.exec.executionArn ?? "its parent";
    await Promise.all(
      orphans.map((arn) =>
        surroundings
          .stopChild(this.env, arn, `Stopped with its parent execution ${by}`)
          .catch((err: unknown) => console.warn(`stopping child ${arn} failed`, err)),
      ),
    );
  }

  private async syncListing(): Promise<void> {
    const l = this.cached;
    if (!l) return;
    const changed = await this.listing.sync(this.db, l.state, this.clock);
    // A failure must be remembered (and its retry armed); a late success after failures too, and
    // the count of a write no later commit will carry (see Listing.sync).
    if (changed && this.cached === l) this.save({ cut: false, events: [], cancelled: [] });
  }

  private compiledMachine(l: Loaded): StateMachine {
    return (this.machine ??= compiled(l.definition, l.state.exec.type));
  }

  private host(): Host {
    const arn = (): string => this.cached?.state.exec.executionArn ?? "";
    return { now: this.clock(), random, uuid, taskToken: (t) => makeTaskToken(this.tokenKey, arn(), t.enteredEventId) };
  }

  /** Wiring check: this object's id and how many times it has been pinged (stored). */
  async ping(): Promise<{ id: string; name: string | undefined; pings: number }> {
    // Only ping uses `meta`: created here, not in every execution's object.
    query(this.ctx.storage.sql, "meta.create", "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
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
