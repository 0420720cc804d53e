/**
 * State machine operations, shared by every front end (the REST routes, the AWS JSON protocol):
 * arguments are plain values, results are the wire types, failures are ApiErrors.
 */
import type { StateMachineDescription, StateMachineType } from "../../shared/api/types.ts";
import * as db from "../db/state-machines.ts";
import { deleteExpressRecords } from "../db/express-records.ts";
import { decodeToken, encodeToken, pageSize } from "../db/paging.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../errors.ts";
import { checkActivities, checkDefinition } from "./definition.ts";
import { checkEncryption, checkLogging, checkTracing, DEFAULT_LOGGING } from "./machine-config.ts";
import { forgetHot } from "./hot-cache.ts";
import { machineNotFound } from "./lookups.ts";
import { checkName, defaultRoleArn, stateMachineArn } from "./names.ts";
import { checkCreateTags, dropTags, setNewTags } from "./tags.ts";

/** As sent by a client; every field is checked here. */
export interface CreateStateMachine {
  name?: unknown;
  definition?: unknown;
  type?: unknown;
  roleArn?: unknown;
  /** [{key, value}], at most 50; ignored when the machine exists already (as AWS). */
  tags?: unknown;
  loggingConfiguration?: unknown;
  tracingConfiguration?: unknown;
  encryptionConfiguration?: unknown;
}

/** UpdateStateMachine's members (REST: PUT /state-machines/:name), as sent. */
export type UpdateStateMachine = Omit<CreateStateMachine, "name">;

function checkType(type: unknown): StateMachineType | undefined {
  if (type === undefined || type === null) return undefined;
  if (type === "STANDARD" || type === "EXPRESS") return type;
  throw new ApiError(400, "ValidationException", `type must be STANDARD or EXPRESS, not ${JSON.stringify(type)}.`);
}

function checkRoleArn(roleArn: unknown): string | undefined {
  if (roleArn === undefined || roleArn === null) return undefined;
  if (typeof roleArn !== "string" || roleArn.length > 256 || !/^arn:aws[a-z-]*:iam::\d{12}:role\/\S+$/.test(roleArn)) {
    throw new ApiError(
      400,
      "InvalidArn",
      `roleArn must be an IAM role ARN (arn:aws:iam::<account>:role/<name>), not ${JSON.stringify(roleArn)}.`,
    );
  }
  return roleArn;
}

/** Creates a machine. The same request again answers with the existing one, as AWS does (created: false). */
export async function createStateMachine(
  env: Env,
  req: CreateStateMachine,
): Promise<{ created: boolean; stateMachine: StateMachineDescription }> {
  const name = checkName("state machine", req.name);
  const type = checkType(req.type) ?? "STANDARD";
  const roleArn = checkRoleArn(req.roleArn) ?? defaultRoleArn(env, name);
  const logging = checkLogging(req.loggingConfiguration);
  const tracing = checkTracing(req.tracingConfiguration)?.enabled ?? false;
  checkEncryption(req.encryptionConfiguration);
  const definition = await checkActivities(env, checkDefinition(env, req.definition, type));
  const arn = stateMachineArn(env, name);
  const tags = checkCreateTags(arn, req.tags);
  const made = await db.insertStateMachine(env.DB, { arn, name, type, definition, roleArn, logging, tracing, now: Date.now() });
  if (made) {
    await setNewTags(env, arn, tags);
    return { created: true, stateMachine: made };
  }
  const existing = await db.getStateMachine(env.DB, name);
  // Idempotent as AWS's: the same name, definition, type, role and configurations answer the machine.
  const same =
    existing &&
    existing.definition === definition &&
    existing.type === type &&
    existing.roleArn === roleArn &&
    JSON.stringify(existing.loggingConfiguration) === JSON.stringify(logging ?? DEFAULT_LOGGING) &&
    existing.tracingConfiguration.enabled === tracing;
  if (existing && same) return { created: false, stateMachine: existing };
  throw new ApiError(409, "StateMachineAlreadyExists", `State machine already exists: ${arn}`);
}

export async function describeStateMachine(env: Env, name: string): Promise<StateMachineDescription> {
  const found = await db.getStateMachine(env.DB, checkName("state machine", name));
  if (!found) throw machineNotFound(name);
  return found;
}

/**
 * Changes the definition and/or type (revision + 1), the role, the configurations; executions already
 * running keep their own definition and logging.
 */
export async function updateStateMachine(env: Env, name: string, req: UpdateStateMachine): Promise<StateMachineDescription> {
  checkName("state machine", name);
  const type = checkType(req.type);
  const roleArn = checkRoleArn(req.roleArn);
  const logging = checkLogging(req.loggingConfiguration);
  const tracing = checkTracing(req.tracingConfiguration)?.enabled;
  const encryption = checkEncryption(req.encryptionConfiguration);
  if (req.definition === undefined && type === undefined && roleArn === undefined && !logging && tracing === undefined && !encryption) {
    throw new ApiError(
      400,
      "MissingRequiredParameter",
      "Give at least one of definition, type, roleArn, loggingConfiguration, tracingConfiguration or encryptionConfiguration to update.",
    );
  }
  let definition: string | undefined;
  if (req.definition !== undefined) {
    // The new definition is checked against the type it will run as.
    const current = type ?? (await describeStateMachine(env, name)).type;
    definition = await checkActivities(env, checkDefinition(env, req.definition, current));
  } else if (type !== undefined) {
    definition = checkDefinition(env, (await describeStateMachine(env, name)).definition, type);
  }
  const updated = await db.updateStateMachine(env.DB, name, { definition, type, roleArn, logging, tracing, now: Date.now() });
  forgetHot();
  if (!updated) throw machineNotFound(name);
  return updated;
}

/** Deletes the machine, its tags, and its Express executions' records (a new machine of that name starts with none). */
export async function deleteStateMachine(env: Env, name: string): Promise<void> {
  const deleted = await db.deleteStateMachine(env.DB, checkName("state machine", name));
  forgetHot();
  if (!deleted) throw machineNotFound(name);
  await dropTags(env, stateMachineArn(env, name));
  await deleteExpressRecords(env.DB, stateMachineArn(env, name));
}

export async function listStateMachines(
  env: Env,
  q: { maxResults?: unknown; nextToken?: string },
): Promise<{ stateMachines: db.StateMachineListItem[]; nextToken?: string }> {
  const limit = pageSize(q.maxResults);
  const after = q.nextToken ? decodeToken(q.nextToken, { n: "string" }).n : undefined;
  const { items, more } = await db.listStateMachines(env.DB, limit, after);
  const out: { stateMachines: db.StateMachineListItem[]; nextToken?: string } = { stateMachines: items };
  if (more) out.nextToken = encodeToken({ n: items[items.length - 1].name });
  return out;
}
