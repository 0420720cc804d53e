/** REST routes for a state machine's versions and aliases (under /state-machines); the logic lives in worker/service. */
import { Hono } from "hono";
import type { Env } from "../env.ts";
import { ApiError } from "../errors.ts";
import * as aliases from "../service/aliases.ts";
import { checkAliasName, checkName } from "../service/names.ts";
import * as versions from "../service/versions.ts";
import { jsonBody } from "./body.ts";

const BODY_MAX = 16 * 1024;

export const versionRoutes = new Hono<{ Bindings: Env }>()
  // PublishStateMachineVersion: {revisionId?, description?}; 201 a new version, 200 the one the revision has already
  .post("/:name/versions", async (c) => {
    const { created, version } = await versions.publishVersion(c.env, c.req.param("name"), await jsonBody(c, BODY_MAX));
    return c.json(version, created ? 201 : 200);
  })
  .get("/:name/versions", async (c) => c.json(await versions.listVersions(c.env, c.req.param("name"), c.req.query())))
  .get("/:name/versions/:n", async (c) =>
    c.json(await versions.describeVersion(c.env, c.req.param("name"), versions.versionNumber(c.req.param("n")))),
  )
  .delete("/:name/versions/:n", async (c) => {
    const name = c.req.param("name");
    const n = versions.versionNumber(c.req.param("n"));
    if (!(await versions.deleteVersion(c.env, name, n))) {
      throw new ApiError(404, "ResourceNotFound", `State machine ${name} has no version ${n}.`);
    }
    return c.json({});
  })
  // CreateStateMachineAlias: {name, description?, routingConfiguration: [{stateMachineVersionArn, weight}]}
  .post("/:name/aliases", async (c) => {
    const name = checkName("state machine", c.req.param("name"));
    const { created, alias } = await aliases.createAlias(c.env, await jsonBody(c, BODY_MAX), name);
    return c.json(alias, created ? 201 : 200);
  })
  .get("/:name/aliases", async (c) =>
    c.json(await aliases.listAliases(c.env, checkName("state machine", c.req.param("name")), c.req.query())),
  )
  .get("/:name/aliases/:alias", async (c) => {
    const [name, alias] = [checkName("state machine", c.req.param("name")), checkAliasName(c.req.param("alias"))];
    return c.json(await aliases.describeAlias(c.env, name, alias));
  })
  .put("/:name/aliases/:alias", async (c) => {
    const [name, alias] = [checkName("state machine", c.req.param("name")), checkAliasName(c.req.param("alias"))];
    return c.json(await aliases.updateAlias(c.env, name, alias, await jsonBody(c, BODY_MAX)));
  })
  .delete("/:name/aliases/:alias", async (c) => {
    const [name, alias] = [checkName("state machine", c.req.param("name")), checkAliasName(c.req.param("alias"))];
    await aliases.deleteAlias(c.env, name, alias);
    return c.json({});
  });
