/** REST routes for state machines (and starting their executions); the logic lives in worker/service. */
import { Hono } from "hono";
import type { Env } from "../env.ts";
import { jsonBody } from "./body.ts";
import * as executions from "../service/executions.ts";
import { inputText } from "../service/input.ts";
import { listExecutions } from "../service/listing.ts";
import { executionArn, machineRef } from "../service/names.ts";
import * as machines from "../service/state-machines.ts";
import { checkPublish, publishIfAsked } from "../service/versions.ts";
import { validateStateMachineDefinition, validationRequest } from "../service/validation.ts";

// A definition may be up to 1 MiB; sent as JSON text its escaping can nearly double it.
const MACHINE_BODY_MAX = 2 * 1024 * 1024;
// The input is capped at 256 KiB once parsed; leave room for escaping and the other fields.
const START_BODY_MAX = 1024 * 1024;

export const stateMachines = new Hono<{ Bindings: Env }>()
  .post("/", async (c) => {
    const body = await jsonBody(c, MACHINE_BODY_MAX);
    checkPublish(body);
    const { created, stateMachine } = await machines.createStateMachine(c.env, body);
    // `publish: true` (and `versionDescription`): its first version too, as AWS
    const stateMachineVersionArn = await publishIfAsked(c.env, stateMachine.name, body);
    return c.json(stateMachineVersionArn ? { ...stateMachine, stateMachineVersionArn } : stateMachine, created ? 201 : 200);
  })
  // ValidateStateMachineDefinition; `definition` as a JSON object or as JSON text (what an editor holds).
  .post("/validate", async (c) => c.json(validateStateMachineDefinition(c.env, validationRequest(await jsonBody(c, MACHINE_BODY_MAX)))))
  .get("/", async (c) => c.json(await machines.listStateMachines(c.env, c.req.query())))
  .get("/:name", async (c) => c.json(await machines.describeStateMachine(c.env, c.req.param("name"))))
  .put("/:name", async (c) => {
    const body = await jsonBody(c, MACHINE_BODY_MAX);
    checkPublish(body);
    const updated = await machines.updateStateMachine(c.env, c.req.param("name"), body);
    const stateMachineVersionArn = await publishIfAsked(c.env, updated.name, body);
    return c.json(stateMachineVersionArn ? { ...updated, stateMachineVersionArn } : updated);
  })
  .delete("/:name", async (c) => {
    await machines.deleteStateMachine(c.env, c.req.param("name"));
    return c.json({});
  })
  .post("/:name/executions", async (c) => {
    const body = await jsonBody(c, START_BODY_MAX);
    // `name`, or `name:<version>` / `name:<alias>` to run a version (an alias routes each start by weight)
    const machine = c.req.param("name");
    machineRef(c.env, machine);
    // Any JSON value is an input; the engine takes it as JSON text, as AWS does.
    const input = body.input === undefined ? undefined : inputText(body.input);
    // The origin this request came through: the execution's callback URLs use it unless PUBLIC_URL is set.
    const publicUrl = new URL(c.req.url).origin;
    return c.json(await executions.startExecution(c.env, { machine, name: body.name, input, publicUrl }), 201);
  })
  .get("/:name/executions", async (c) => c.json(await listExecutions(c.env, { ...c.req.query(), stateMachine: c.req.param("name") })))
  .get("/:name/executions/:execution", async (c) => {
    const arn = executionArn(c.env, c.req.param("name"), c.req.param("execution"));
    return c.json(await executions.describeExecution(c.env, arn));
  });
