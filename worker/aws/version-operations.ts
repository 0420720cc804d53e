/**
 * AWS operations on state machine versions and aliases: AWS's request and response members, each a
 * call of worker/service/versions.ts or aliases.ts. The rest of the protocol: ./operations.ts.
 */
import type { Env } from "../env.ts";
import { ApiError } from "../errors.ts";
import * as aliases from "../service/aliases.ts";
import { machineRef, parseStateMachineArn } from "../service/names.ts";
import * as versions from "../service/versions.ts";
import { optional, required, type Body } from "./wire.ts";

type Operation = (env: Env, body: Body) => Promise<unknown>;

const page = (b: Body) => ({ maxResults: b.maxResults, nextToken: optional(b, "nextToken") });

/** An unqualified machine ARN's name; another region's or account's machine does not exist here. */
function machineOf(env: Env, arn: string): string {
  const name = parseStateMachineArn(env, arn);
  if (name === null) throw new ApiError(404, "StateMachineDoesNotExist", `State machine does not exist: ${arn}`);
  return name;
}

/** An alias ARN's machine and alias; ResourceNotFound for one of another region or account. */
function aliasOf(env: Env, arn: string): { machine: string; alias: string } {
  const found = aliases.aliasOfArn(env, arn);
  if (!found) throw new ApiError(404, "ResourceNotFound", `Resource not found: ${arn}`);
  return found;
}

export const VERSION_OPERATIONS: Record<string, Operation> = {
  async PublishStateMachineVersion(env, b) {
    const name = machineOf(env, required(b, "stateMachineArn"));
    return (await versions.publishVersion(env, name, { revisionId: b.revisionId, description: b.description })).version;
  },
  async ListStateMachineVersions(env, b) {
    return versions.listVersions(env, machineOf(env, required(b, "stateMachineArn")), page(b));
  },
  async DeleteStateMachineVersion(env, b) {
    const arn = required(b, "stateMachineVersionArn");
    const r = machineRef(env, arn);
    if (r && r.version === undefined) throw new ApiError(400, "InvalidArn", `Not a state machine version ARN: ${arn}`);
    // A version that is not there is deleted already, as AWS answers.
    if (r) await versions.deleteVersion(env, r.name, r.version as number);
    return {};
  },

  async CreateStateMachineAlias(env, b) {
    const { alias } = await aliases.createAlias(env, {
      name: required(b, "name"),
      description: b.description,
      routingConfiguration: b.routingConfiguration,
    });
    return { stateMachineAliasArn: alias.stateMachineAliasArn, creationDate: alias.creationDate };
  },
  async DescribeStateMachineAlias(env, b) {
    const { machine, alias } = aliasOf(env, required(b, "stateMachineAliasArn"));
    return aliases.describeAlias(env, machine, alias);
  },
  async UpdateStateMachineAlias(env, b) {
    const { machine, alias } = aliasOf(env, required(b, "stateMachineAliasArn"));
    const updated = await aliases.updateAlias(env, machine, alias, {
      description: b.description,
      routingConfiguration: b.routingConfiguration,
    });
    return { updateDate: updated.updateDate };
  },
  async DeleteStateMachineAlias(env, b) {
    const { machine, alias } = aliasOf(env, required(b, "stateMachineAliasArn"));
    await aliases.deleteAlias(env, machine, alias);
    return {};
  },
  async ListStateMachineAliases(env, b) {
    return aliases.listAliases(env, required(b, "stateMachineArn"), page(b));
  },
};
