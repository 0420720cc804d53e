/**
 * Before a task goes to a worker, its execution is asked whether it still waits on the token: a task
 * whose execution stopped, timed out or moved on (a Catch) is dropped instead of handed out. The
 * question records AWS's ActivityStarted with the worker's name, which also starts the heartbeat
 * clock at the moment a worker takes the task.
 */
import type { Env } from "../env.ts";
import { executionOfToken } from "../execution/token.ts";

export async function stillWanted(env: Env, token: string, workerName: string | undefined): Promise<boolean> {
  const arn = executionOfToken(token);
  if (!arn) return false;
  try {
    const started = workerName === undefined ? { started: true as const } : { started: true as const, workerName };
    return (await env.EXECUTIONS.getByName(arn).answerTask(token, started)) === "ok";
  } catch (e) {
    // The execution could not be asked (a transient failure): hand the task out; the worker's
    // SendTask* says whether it still counts.
    console.warn(`activity: could not check the task of ${arn}: ${e instanceof Error ? e.message : String(e)}`);
    return true;
  }
}
