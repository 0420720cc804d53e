/**
 * The AWS Step Functions operations (X-Amz-Target: AWSStepFunctions.<Operation>): AWS's request
 * members in, AWS's response members out, each one a call of the application layer the REST API
 * uses (worker/service); only names, ARNs and dates are translated here.
 */
import type { Env } from "../env.ts";
import { ApiError } from "../errors.ts";
import * as activities from "../service/activities.ts";
import * as executions from "../service/executions.ts";
import { startSyncExecution } from "../service/express.ts";
import type { Background } from "../service/express-records.ts";
import { listExecutions } from "../service/listing.ts";
import * as mapRuns from "../service/map-runs.ts";
import { isExpressExecutionArn, machineRef, parseExecutionArn, parseStateMachineArn } from "../service/names.ts";
import * as machines from "../service/state-machines.ts";
import * as tags from "../service/tags.ts";
import { failureOf, outputOf, sendTaskResult } from "../service/task-answers.ts";
import { testState } from "../service/teststate.ts";
import { validateStateMachineDefinition, validationRequest } from "../service/validation.ts";
import * as versions from "../service/versions.ts";
import { checkPublish, publishIfAsked } from "../service/versions.ts";
import { AwsError } from "./errors.ts";
import { VERSION_OPERATIONS } from "./version-operations.ts";
import { epochDates, flag, optional, required, type Body } from "./wire.ts";

/** What an operation knows of its request besides the body. */
export interface RequestInfo {
  /** The origin the request came through (callback URLs use it unless PUBLIC_URL is set). */
  origin: string;
  /** Work that may finish after the answer (the request's waitUntil): an Express execution's record. */
  background?: Background;
}

export type Operation = (env: Env, body: Body, request: RequestInfo) => Promise<unknown>;

/** The machine's name from its ARN; another region's or account's does not exist here. */
function machineOf(env: Env, arn: string): string {
  const name = parseStateMachineArn(env, arn);
  if (name === null) throw new ApiError(404, "StateMachineDoesNotExist", `State machine does not exist: ${arn}`);
  return name;
}

function executionOf(env: Env, arn: string): string {
  if (parseExecutionArn(env, arn) === null) throw new ApiError(404, "ExecutionDoesNotExist", `Execution does not exist: ${arn}`);
  return arn;
}

/** AWS's refusal of a ListExecutions that names neither a state machine nor a Map Run. */
const NO_ARN = "1 validation error detected: Must provide a StateMachine ARN or MapRun ARN";

const page = (b: Body) => ({ maxResults: b.maxResults, nextToken: optional(b, "nextToken") });

export const OPERATIONS: Record<string, Operation> = {
  async CreateStateMachine(env, b) {
    checkPublish(b);
    const { stateMachine } = await machines.createStateMachine(env, {
      name: required(b, "name"),
      definition: required(b, "definition"),
      type: b.type,
      roleArn: b.roleArn,
      tags: b.tags,
      loggingConfiguration: b.loggingConfiguration,
      tracingConfiguration: b.tracingConfiguration,
      encryptionConfiguration: b.encryptionConfiguration,
    });
    const stateMachineVersionArn = await publishIfAsked(env, stateMachine.name, b);
    return { stateMachineArn: stateMachine.stateMachineArn, creationDate: stateMachine.creationDate, stateMachineVersionArn };
  },
  async DescribeStateMachine(env, b) {
    // A version's ARN answers that version (its own ARN, definition, description and revisionId), as AWS.
    const arn = required(b, "stateMachineArn");
    const r = machineRef(env, arn);
    if (r?.alias !== undefined) throw new ApiError(400, "InvalidArn", `DescribeStateMachine takes a state machine or version ARN: ${arn}`);
    if (r?.version !== undefined) return versions.describeVersion(env, r.name, r.version);
    const sm = await machines.describeStateMachine(env, machineOf(env, arn));
    return { ...sm, revisionId: String(sm.revision) };
  },
  async UpdateStateMachine(env, b) {
    const name = machineOf(env, required(b, "stateMachineArn"));
    checkPublish(b);
    const updated = await machines.updateStateMachine(env, name, {
      definition: b.definition ?? undefined,
      roleArn: b.roleArn ?? undefined,
      loggingConfiguration: b.loggingConfiguration,
      tracingConfiguration: b.tracingConfiguration,
      encryptionConfiguration: b.encryptionConfiguration,
    });
    const stateMachineVersionArn = await publishIfAsked(env, name, b);
    return { updateDate: updated.updateDate, revisionId: String(updated.revision), stateMachineVersionArn };
  },
  async DeleteStateMachine(env, b) {
    const arn = required(b, "stateMachineArn");
    const name = parseStateMachineArn(env, arn);
    // AWS answers a delete of a machine that is not there with success.
    if (name === null) return {};
    try {
      await machines.deleteStateMachine(env, name);
    } catch (e) {
      if (!(e instanceof ApiError && e.error === "StateMachineDoesNotExist")) throw e;
    }
    return {};
  },
  async ListStateMachines(env, b) {
    const { stateMachines, nextToken } = await machines.listStateMachines(env, page(b));
    return {
      stateMachines: stateMachines.map(({ stateMachineArn, name, type, creationDate }) => ({ stateMachineArn, name, type, creationDate })),
      ...(nextToken ? { nextToken } : {}),
    };
  },
  ValidateStateMachineDefinition: async (env, b) => validateStateMachineDefinition(env, validationRequest(b)),
  // The request is AWS's already (JSON texts for definition, input, variables, context, mock.result).
  TestState: (env, b) => testState(env, b),

  async StartExecution(env, b, request) {
    // The machine's ARN, or a version's or an alias's (routed by weight): the service resolves it.
    const machine = required(b, "stateMachineArn");
    if (!machine.startsWith("arn:")) machineOf(env, machine);
    return executions.startExecution(env, { machine, name: optional(b, "name"), input: optional(b, "input"), publicUrl: request.origin });
  },
  async StartSyncExecution(env, b, request) {
    // An execution that fails still answers 200, with its status, error and cause (as AWS).
    const req = { stateMachineArn: required(b, "stateMachineArn"), name: optional(b, "name"), input: optional(b, "input") };
    return startSyncExecution(env, { ...req, traceHeader: b.traceHeader }, request.background);
  },
  async DescribeExecution(env, b) {
    // An Express execution's ARN answers from its record (not in AWS, which refuses it), else InvalidArn.
    const arn = required(b, "executionArn");
    return executions.describeExecution(env, isExpressExecutionArn(arn) ? arn : executionOf(env, arn));
  },
  async StopExecution(env, b) {
    return executions.stopExecution(env, executionOf(env, required(b, "executionArn")), { error: b.error, cause: b.cause });
  },
  async RedriveExecution(env, b) {
    const arn = required(b, "executionArn");
    return executions.redriveExecution(env, isExpressExecutionArn(arn) ? arn : executionOf(env, arn), { clientToken: b.clientToken });
  },
  async ListExecutions(env, b) {
    const stateMachine = optional(b, "stateMachineArn");
    const mapRun = optional(b, "mapRunArn");
    // Exactly one of the two: a machine's executions, or a Map Run's children.
    if (!stateMachine && !mapRun) throw new AwsError(400, "ValidationException", NO_ARN);
    return listExecutions(env, {
      stateMachine,
      mapRun,
      status: optional(b, "statusFilter"),
      redriveFilter: optional(b, "redriveFilter"),
      ...page(b),
    });
  },
  async GetExecutionHistory(env, b) {
    return executions.getExecutionHistory(env, executionOf(env, required(b, "executionArn")), {
      reverseOrder: flag(b, "reverseOrder"),
      includeExecutionData: flag(b, "includeExecutionData"),
      ...page(b),
    });
  },
  async DescribeStateMachineForExecution(env, b) {
    // The machine as the execution started it (its own record), whatever became of the machine since.
    return executions.stateMachineForExecution(env, executionOf(env, required(b, "executionArn")));
  },

  async DescribeMapRun(env, b) {
    return mapRuns.describeMapRun(env, required(b, "mapRunArn"));
  },
  async ListMapRuns(env, b) {
    return mapRuns.listMapRuns(env, { executionArn: executionOf(env, required(b, "executionArn")), ...page(b) });
  },
  async UpdateMapRun(env, b) {
    const { maxConcurrency, toleratedFailurePercentage, toleratedFailureCount } = b;
    await mapRuns.updateMapRun(env, required(b, "mapRunArn"), { maxConcurrency, toleratedFailurePercentage, toleratedFailureCount });
    return {};
  },

  async SendTaskSuccess(env, b) {
    await sendTaskResult(env, required(b, "taskToken"), { output: outputOf(required(b, "output"), true) });
    return {};
  },
  async SendTaskFailure(env, b) {
    await sendTaskResult(env, required(b, "taskToken"), failureOf(b.error, b.cause));
    return {};
  },
  async SendTaskHeartbeat(env, b) {
    await sendTaskResult(env, required(b, "taskToken"), { heartbeat: true });
    return {};
  },

  async CreateActivity(env, b) {
    const { activity } = await activities.createActivity(env, required(b, "name"), b.tags);
    return { activityArn: activity.activityArn, creationDate: activity.creationDate };
  },
  async DescribeActivity(env, b) {
    return activities.describeActivity(env, required(b, "activityArn"));
  },
  async ListActivities(env, b) {
    return activities.listActivities(env, page(b));
  },
  async DeleteActivity(env, b) {
    await activities.deleteActivity(env, required(b, "activityArn"));
    return {};
  },
  async GetActivityTask(env, b) {
    // AWS holds the poll open for up to 60 seconds; so does the activity's queue.
    return activities.getActivityTask(env, required(b, "activityArn"), { workerName: optional(b, "workerName") });
  },

  // Tags of state machines and activities: the ARN's kind picks the resource.
  async TagResource(env, b) {
    await tags.tagResource(env, required(b, "resourceArn"), b.tags);
    return {};
  },
  async UntagResource(env, b) {
    await tags.untagResource(env, required(b, "resourceArn"), b.tagKeys);
    return {};
  },
  ListTagsForResource: (env, b) => tags.listTags(env, required(b, "resourceArn")),

  ...VERSION_OPERATIONS,
};

/** Runs an operation; its answer with dates as epoch seconds. */
export async function runOperation(env: Env, name: string, body: Body, request: RequestInfo): Promise<unknown> {
  const op = Object.hasOwn(OPERATIONS, name) ? OPERATIONS[name] : undefined;
  if (!op) throw new AwsError(400, "UnknownOperationException", `Unknown operation AWSStepFunctions.${name}.`);
  return epochDates(await op(env, body, request));
}
