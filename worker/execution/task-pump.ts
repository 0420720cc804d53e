/**
 * Sends the execution's tasks out and feeds their results back, from inside an alarm: every task
 * the committed state lists and this instance has not sent is sent (after a crash, that is all of
 * them: at least once, with the same idempotency key). Independent tasks run concurrently.
 */
import type { CallbackUrls, Dispatcher, TaskCall, TaskResult } from "./contract.ts";
import type { Loaded } from "./store.ts";
import { WATCHDOG_MS, type Done, type StepResult } from "./step.ts";

/** What the pump needs of its object. */
export interface Runner {
  dispatcher: Dispatcher;
  clock: () => number;
  /** One step, committed. */
  run(loaded: Loaded, done: Done[]): StepResult;
  /** URLs that answer a token (given to tasks that carry one). */
  callbackUrls?(token: string): CallbackUrls;
}

export class TaskPump {
  private readonly obj: Runner;
  private readonly inFlight = new Map<number, AbortController>();
  private done: Done[] = [];
  private wake?: () => void;
  private pumping = false;
  private detached = false;

  constructor(obj: Runner) {
    this.obj = obj;
  }

  /** Whether a task listed in the state is (or, within this commit's turn, will be) out. */
  willSend(id: number): boolean {
    return this.pumping || this.inFlight.has(id);
  }

  /**
   * Steps until nothing is out: a budget cut with nothing out returns (the alarm is armed for now,
   * so the next invocation starts with a fresh CPU allowance); with tasks out it keeps going,
   * waking for each result and for timers due meanwhile (an alarm cannot fire while this one runs).
   */
  async pump(loaded: Loaded): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        if (this.detached) return;
        const done = this.done;
        this.done = [];
        const r = this.obj.run(loaded, done);
        if (loaded.state.exec.status !== "RUNNING") return;
        this.send(loaded);
        if (this.inFlight.size === 0) return;
        if (!this.done.length) await this.sleep(r.cut ? 0 : this.untilNextTimer(loaded));
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Something outside the pump changed the state (a callback): let a waiting pump look again. */
  kick(): void {
    if (this.pumping) this.wake?.();
  }

  /** The object dropped its memory (see ExecutionObject.forget): stop, and drop results that come later. */
  detach(): void {
    this.detached = true;
    this.inFlight.clear();
    this.wake?.();
  }

  /** The engine no longer wants these (timed out, branch failed, stopped): stop waiting for them. */
  abort(ids: number[]): void {
    for (const id of ids) {
      const c = this.inFlight.get(id);
      if (!c) continue;
      this.inFlight.delete(id);
      c.abort(new Error("The task was cancelled by its execution"));
    }
    if (ids.length && this.inFlight.size === 0) this.wake?.();
  }

  private send(loaded: Loaded): void {
    const state = loaded.state;
    for (const key in state.tasks) {
      const id = Number(key);
      if (this.inFlight.has(id)) continue;
      const { task, key: idempotencyKey } = state.tasks[id];
      const call: TaskCall = {
        resource: task.resource,
        input: task.input,
        stateName: task.stateName,
        executionArn: state.exec.executionArn,
        idempotencyKey,
      };
      if (task.timeoutSeconds !== undefined) call.timeoutSeconds = task.timeoutSeconds;
      if (state.publicUrl !== undefined) call.publicUrl = state.publicUrl;
      if (task.token !== undefined) {
        call.token = task.token;
        if (this.obj.callbackUrls) call.callbackUrls = this.obj.callbackUrls(task.token);
      }
      const ctl = new AbortController();
      this.inFlight.set(id, ctl);
      state.stats.dispatches++;
      const dispatcher = this.obj.dispatcher;
      Promise.resolve()
        .then(() => dispatcher.dispatch(call, ctl.signal))
        .catch((err: unknown): TaskResult => ({ error: "States.TaskFailed", cause: err instanceof Error ? err.message : String(err) }))
        .then((result) => {
          // Cancelled meanwhile: the engine has moved on.
          if (this.inFlight.get(id) !== ctl) return;
          this.inFlight.delete(id);
          this.done.push({ id, result });
          this.wake?.();
        });
    }
  }

  private untilNextTimer(loaded: Loaded): number {
    let at = Infinity;
    const timers = loaded.state.exec.timers;
    for (const id in timers) at = Math.min(at, timers[id]?.due ?? Infinity);
    return Math.max(0, Math.min(at - this.obj.clock(), WATCHDOG_MS / 2));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const end = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(end, ms);
      this.wake = end;
    });
  }
}
