/** What the dispatch table is made of: integrations, what they are given, and what they may call. */
import type { Pattern, Resource } from "../../shared/asl/index.ts";
import type { Env } from "../env.ts";
import type { TaskCall, TaskResult } from "../execution/contract.ts";

/** A child execution to start (states:startExecution). */
export interface ChildStart {
  stateMachineArn: string;
  name: string;
  /** JSON text */
  input: string;
  /** `.sync`, `.sync:2`: the parent's task token, told how the child ends. */
  parent?: { token: string; sync2: boolean };
  /** The parent's origin (TaskCall.publicUrl), inherited for the child's callback URLs. */
  publicUrl?: string;
}

/**
 * What dispatch needs of the application layer, given to it (DESIGN.md: arrows point down, so the
 * dispatcher never imports worker/service; worker/service/dispatcher.ts makes one with these).
 */
export interface DispatchDeps {
  /** StartExecution, as every front end starts one; throws `{error, message}` (an ApiError) when refused. */
  startExecution(start: ChildStart): Promise<{ executionArn: string; startDate: string }>;
  /** Whether the activity of this ARN exists here now (it may have been deleted since the machine was created). */
  activityExists(activityArn: string): Promise<boolean>;
}

/** What every integration gets: the bindings and vars, and the application layer's operations. */
export interface DispatchContext {
  env: Env;
  deps: DispatchDeps;
}

/** One kind of Task resource: the table keys it serves (Resource.key), and how to check and run it. */
export interface Integration {
  readonly keys: readonly string[];
  /** Integration patterns it takes besides request-response; default `.waitForTaskToken`. */
  readonly patterns?: readonly Pattern[];
  /** Why this resource cannot run with this configuration (shown at creation); null when it can. */
  problem(ctx: DispatchContext, resource: Resource): string | null;
  /** Runs the task; never throws: failures are `{error, cause}`. */
  run(ctx: DispatchContext, call: TaskCall, resource: Resource, signal?: AbortSignal): Promise<TaskResult>;
}
