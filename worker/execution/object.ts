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
import type {
  AnswerOutcome,
  CallbackUrls,
  Dispatcher,
  ExecutionRpc,
  HistoryQuery,
  RecordedMachine,
  RedriveArgs,
  RedriveOutcome,
  StartArgs,
  StartOutcome,
  TaskAnswer,
  TaskResult,
  WaitingTask,
} from "./contract.ts";
import type { ListingDb } from "../db/execution-rows.ts";
import { Listing, mustStore } from "./listing.ts";
import { compiled } from "./machine.ts";
import { notifyMapRun, notifyParent } from "./parent-link.ts";
import { addRows, meter, query } from "./sql.ts";
import { listingOwed, newStats, type HostState, type Stats } from "./host-state.ts";
import { redriveHere } from "./redrive.ts";
import { nextWake, step, type Done, type StepResult } from "./step.ts";
import { Store, type Loaded } from "./store.ts";
import { surroundings } from "./surroundings.ts";
import { TaskPump } from "./task-pump.ts";
import { makeTaskToken, tokenKey } from "./token-signing.ts";
import { description, historyPage, recordedMachine } from "./wire.ts";
import { logEvents } from "../execution-log.ts";
import { acceptWatcher, afterOf, broadcast, liveMessage, waitingTasks } from "./live.ts";

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
  /** The alarm was set earlier than the execution needs, for a listing write owed (see syncListing). */
  private earlyForListing = false;
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
    return surroundings.callbackUrls(this.env, token, this.cached?.state.publicUrl);
  }

  async start(args: StartArgs): Promise<StartOutcome> {
    // The routes refuse this first, with InvalidExecutionInput.
    if (new TextEncoder().encode(args.input).length > MAX_PAYLOAD_BYTES)
      throw new Error(`InvalidExecutionInput: the input exceeds ${MAX_PAYLOAD_BYTES} bytes`);
    const existing = this.current();
    if (existing) {
      const running = existing.state.exec;
      existing.state.stats.requests++;
      if (running.status === "RUNNING" && running.name === args.name && existing.input === args.input)
        return { ok: true, executionArn: running.executionArn, startDate: iso(running.startTime) };
      return { ok: false, error: "ExecutionAlreadyExists", message: `Execution already exists: '${args.executionArn}'` };
    }
    const machine = compiled(args.definition, args.type);
    const host = this.host();
    const exec = startExecution(machine, JSON.parse(args.input), host, {
      executionArn: args.executionArn,
      name: args.name,
      stateMachineArn: args.stateMachineArn,
      stateMachineName: args.stateMachineName,
      roleArn: args.roleArn,
    });
    const state: HostState = { exec, tasks: {}, listing: { synced: null, failures: 0, retryAt: 0 }, stats: newStats() };
    if (args.parent) state.parent = { ...args.parent, notified: false, failures: 0, retryAt: 0 };
    if (args.mapRun) state.mapRun = { ...args.mapRun, notified: false, failures: 0, retryAt: 0 };
    if (args.publicUrl) state.publicUrl = args.publicUrl;
    if (args.updateDate) state.machineUpdateDate = args.updateDate;
    if (args.versionArn) state.versionArn = args.versionArn;
    if (args.aliasArn) state.aliasArn = args.aliasArn;
    if (args.logging) state.logging = args.logging;
    state.stats.requests = 1;
    const loaded: Loaded = { definition: args.definition, revision: args.revision, input: args.input, state };
    this.cached = loaded;
    this.machine = machine;
    this.armed = null;
    this.save(step(machine, state, host, []), true, loaded);
    await this.afterCommit();
    return { ok: true, executionArn: exec.executionArn, startDate: iso(exec.startTime) };
  }

  async describe(): Promise<ExecutionDescription | null> {
    const loaded = this.current();
    if (loaded) loaded.state.stats.requests++;
    return loaded ? description(loaded, this.clock()) : null;
  }

  async redrive(args: RedriveArgs): Promise<RedriveOutcome | null> {
    const loaded = this.current();
    if (!loaded) return null;
    loaded.state.stats.requests++;
    const host = this.host();
    const m = this.compiledMachine(loaded);
    const { redriven, ...outcome } = redriveHere(loaded.state, m, host, args);
    if (!redriven) return outcome;
    this.save(step(m, loaded.state, host, []));
    await this.afterCommit();
    return outcome;
  }

  async stop(error?: string, cause?: string): Promise<{ stopDate: string } | null> {
    const loaded = this.current();
    if (!loaded) return null;
    loaded.state.stats.requests++;
    const host = this.host();
    if (!stopExecution(loaded.state.exec, host, error, cause)) return null;
    this.save(step(this.compiledMachine(loaded), loaded.state, host, []));
    await this.afterCommit();
    return { stopDate: iso(loaded.state.exec.stopTime ?? host.now) };
  }

  async history(q: HistoryQuery): Promise<HistoryPage | null> {
    const loaded = this.current();
    if (!loaded) return null;
    loaded.state.stats.requests++;
    return historyPage(this.store, loaded.state.exec.eventSeq, q);
  }

  async definition(): Promise<RecordedMachine | null> {
    const loaded = this.current();
    return loaded ? recordedMachine(loaded) : null;
  }

  async waitingTasks(): Promise<WaitingTask[] | null> {
    const loaded = this.current();
    return loaded ? waitingTasks(loaded.state) : null;
  }

  /** A watcher's WebSocket (hibernation API): the events after `?after=`, then each commit's. */
  async fetch(request: Request): Promise<Response> {
    const loaded = this.current();
    if (!loaded) return new Response(null, { status: 404 });
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") return new Response(null, { status: 426 });
    const [client, server] = Object.values(new WebSocketPair());
    acceptWatcher(this.ctx, server, Date.now());
    broadcast(
      [server],
      liveMessage(loaded.state.exec, this.store.events(afterOf(request.url) + 1, false)),
      loaded.state.exec.status !== "RUNNING",
    );
    return new Response(null, { status: 101, webSocket: client });
  }

  async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    try {
      ws.close(code >= 1000 && code < 5000 && code !== 1005 && code !== 1006 ? code : 1000);
    } catch {
      // already closed
    }
  }

  /** sendTask's older form: true when the answer was taken. */
  async sendTask(
    token: string,
    outcome: Exclude<TaskResult, { submitted: unknown } | { runtime: string }> | { heartbeat: true },
  ): Promise<boolean> {
    return (await this.answerTask(token, outcome)) === "ok";
  }

  /**
   * SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat for a task waiting on its token (the token
   * names this object and was verified: see token.ts). A timeout due by now wins over the answer.
   */
  async answerTask(token: string, outcome: TaskAnswer): Promise<AnswerOutcome> {
    const loaded = this.current();
    const exec = loaded?.state.exec;
    if (!loaded || !exec) return "unknown";
    const id = exec.status === "RUNNING" ? taskOfToken(exec, token) : undefined;
    if (id === undefined) return loaded.state.closed?.[token] ?? "unknown";
    loaded.state.stats.requests++;
    const host = this.host();
    const m = this.compiledMachine(loaded);
    if (
      Object.values(exec.timers).some(
        (t) => t !== undefined && t.task === id && t.due <= host.now && (t.purpose === "task-timeout" || t.purpose === "heartbeat"),
      )
    ) {
      this.save(step(m, loaded.state, host, []));
      await this.afterCommit();
      return "timed-out";
    }
    if ("heartbeat" in outcome) recordHeartbeat(exec, id, host);
    else if ("started" in outcome) recordStarted(exec, id, outcome.workerName, host);
    else {
      // Not yet known to be handed over (a crash before TaskSubmitted): the answer settles it anyway.
      delete loaded.state.tasks[id];
      if (loaded.state.children) delete loaded.state.children[id];
      closeToken(loaded.state, token, "answered");
      this.tasks.abort([id]);
      completeTask(m, exec, id, outcome, host);
    }
    this.save(step(m, loaded.state, host, []));
    // A pump waiting on other tasks sends what this step asked for now, not when they come back.
    this.tasks.kick();
    await this.afterCommit();
    return "ok";
  }

  /** Costs so far (for the benchmark): what is stored plus what this instance metered since its last commit. */
  async stats(): Promise<(Stats & { transitions: number; events: number; alarmAt: number | null }) | null> {
    const loaded = this.current();
    if (!loaded) return null;
    const stats = loaded.state.stats;
    const metered = meter(this.ctx.storage.sql);
    const rowsByLabel = { ...stats.rowsByLabel };
    for (const label in metered.byLabel) addRows(rowsByLabel, label, metered.byLabel[label]);
    return {
      ...stats,
      rowsWritten: stats.rowsWritten + metered.rowsWritten,
      rowsByLabel,
      rowsRead: (stats.rowsRead ?? 0) + metered.rowsRead,
      transitions: loaded.state.exec.transitions,
      events: loaded.state.exec.eventSeq,
      // An alarm still set will be one request more (one left to find nothing due, for one).
      alarmAt: await this.ctx.storage.getAlarm(),
    };
  }

  /** Every due timer, every task not yet sent, pure work left by a budget cut, a listing retry. */
  async alarm(): Promise<void> {
    const loaded = this.current();
    if (!loaded) return;
    // The alarm that fired is gone: the next commit sets a new one if anything is left.
    this.armed = null;
    loaded.state.stats.requests++;
    loaded.state.stats.alarms++;
    await this.tasks.pump(loaded);
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
    this.listing.release();
    old.detach();
  }

  /** One step of the execution, committed; used by the task pump too. */
  run(loaded: Loaded, done: Done[]): StepResult {
    const seq = loaded.state.exec.eventSeq;
    const r = step(this.compiledMachine(loaded), loaded.state, this.host(), done);
    // Every transition makes an event: none and nothing fed back means nothing to write but the alarm.
    this.save(r, done.length > 0 || r.cancelled.length > 0 || loaded.state.exec.eventSeq !== seq);
    return r;
  }

  /** The execution as stored, read once per instance. */
  current(): Loaded | null {
    if (this.cached === undefined) {
      const loaded = (this.cached = this.store.load());
      this.armed = undefined;
      // An ended execution stored as owing its row, not failed to write it: the write landed but was not
      // stored (see mustStore), or an older version stored it without its alarm. The first access writes it.
      if (loaded && loaded.state.exec.status !== "RUNNING" && listingOwed(loaded.state) && loaded.state.listing.failures === 0)
        this.ctx.waitUntil(this.syncListing());
    }
    return this.cached;
  }

  /** Commits a step: state, its events and the alarm in one atomic write; then aborts what it cancelled. */
  private save(r: StepResult, changed = true, created?: Loaded): void {
    const loaded = this.cached!;
    const state = loaded.state;
    const now = this.clock();
    const inFlight = (id: number): boolean => this.tasks.willSend(id);
    const wake = nextWake(state, now, inFlight, this.armed);
    this.earlyForListing = wake !== null && wake !== nextWake(state, now, inFlight, this.armed, false);
    // An alarm set (by this instance) when none is needed any more is left to fire and find nothing due,
    // writing nothing (a request, $0.15 per million) rather than deleted (a row written, $1 per million).
    const rearm = wake !== this.armed && !(wake === null && typeof this.armed === "number");
    // Cloudflare bills setting or deleting an alarm as a row written: metered like a statement.
    if (rearm) {
      const m = meter(this.ctx.storage.sql);
      m.rowsWritten++;
      addRows(m.byLabel, wake === null ? "alarm.delete" : "alarm.set", 1);
    }
    if (created) this.store.create(created, state, r.events);
    else if (changed) this.store.commit(state, r.events);
    if (r.events.length > 0) {
      // The machine's loggingConfiguration (absent when OFF): the committed events as log lines.
      if (state.logging) logEvents(state.logging, state.exec.executionArn, r.events, state.exec.redriveCount ?? 0);
      const watchers = this.ctx.getWebSockets();
      if (watchers.length > 0) broadcast(watchers, liveMessage(state.exec, r.events), state.exec.status !== "RUNNING");
    }
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
    const loaded = this.cached;
    const told = loaded?.state.parent
      ? notifyParent(this.env, loaded, this.clock)
      : loaded?.state.mapRun
        ? notifyMapRun(this.env, loaded, this.clock)
        : null;
    if (told && (await told) && this.cached === loaded) this.save({ cut: false, events: [], cancelled: [] });
    const orphans = this.orphans.splice(0);
    const by = loaded?.state.exec.executionArn ?? "its parent";
    await Promise.all(
      orphans.map((arn) =>
        surroundings
          .stopChild(this.env, arn, `Stopped with its parent execution ${by}`)
          .catch((err: unknown) => console.warn(`stopping child ${arn} failed`, err)),
      ),
    );
  }

  /** The D1 listing row brought up to date (a running execution's first write maybe held: see Listing.hold). */
  private async syncListing(held = false): Promise<void> {
    const loaded = this.cached;
    if (!loaded || (!held && this.listing.hold(loaded.state, this.armed, this.clock(), () => void this.syncListing(true)))) return;
    this.listing.release();
    const change = await this.listing.sync(this.db, loaded.state, this.clock);
    if (mustStore(change, loaded.state, this.armed, this.earlyForListing) && this.cached === loaded)
      this.save({ cut: false, events: [], cancelled: [] });
  }

  private compiledMachine(loaded: Loaded): StateMachine {
    return (this.machine ??= compiled(loaded.definition, loaded.state.exec.type));
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
