/** The wire shapes of activities (AWS's DescribeActivity / GetActivityTask, REST-shaped). */

export interface ActivityDescription {
  activityArn: string;
  name: string;
  creationDate: string;
}

/** One task waiting in an activity's queue. */
export interface QueuedTask {
  /** The task token (`$$.Task.Token`): names the execution, unique per state entry. */
  token: string;
  /** The effective input, as JSON text. */
  input: string;
}

/** GetActivityTask's answer: a task, or `{}` when none came within the wait. */
export type ActivityTask = { taskToken: string; input: string } | Record<string, never>;
