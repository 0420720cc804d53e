/**
 * Before a task goes to a worker, its execution is asked whether it still waits on the token: a task
 * whose execution stopped, timed out or moved on (a Catch) is dropped instead of handed out. The
 * question is a SendTaskHeartbeat, which also starts the heartbeat clock at the moment a worker
 * takes the task (AWS's ActivityStarted).
 */
import type { Env } from "../env.ts";
import { executionOfToken } from "../execution/token.ts";

export async function stillWanted(env: Env, token: string, _workerName: string | undefined): Promise<boolean> {
  const arn = executionOfToken(token);
  if (!arn) return false;
  try {
    return (await env.EXECUTIONS.getByName(arn).sendTask(token, { heartbeat: true })) === true;
  } catch (e) {
    // The execution could not be asked (a transient failure): hand the task out; the worker's
    // SendTask* says whether it still counts.
    console.warn(`activity: could not check the task of ${arn}: ${e instanceof Error ? e.message : String(e)}`);
    return true;
  }
}
