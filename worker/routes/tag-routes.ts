/**
 * REST routes for tags (ListTagsForResource, TagResource, UntagResource), mounted under
 * /state-machines/:name and /activities/:name-or-arn; the logic lives in service/tags.ts.
 */
import { Hono } from "hono";
import type { Env } from "../env.ts";
import { ApiError } from "../errors.ts";
import { activityArn, activityRef, checkName, stateMachineArn } from "../service/names.ts";
import * as tags from "../service/tags.ts";
import { jsonBody } from "./body.ts";

// 50 tags of 128 + 256 characters, escaped: well under this.
const BODY_MAX = 256 * 1024;

/** The three routes for resources whose `:ref` in the path `arnOf` turns into their ARN. */
function tagRoutes(arnOf: (env: Env, ref: string) => string) {
  return (
    new Hono<{ Bindings: Env }>()
      .get("/:ref/tags", async (c) => c.json(await tags.listTags(c.env, arnOf(c.env, c.req.param("ref")))))
      // TagResource: {tags: [{key, value}]}; answers the tags after it.
      .post("/:ref/tags", async (c) => {
        const arn = arnOf(c.env, c.req.param("ref"));
        await tags.tagResource(c.env, arn, (await jsonBody(c, BODY_MAX)).tags);
        return c.json(await tags.listTags(c.env, arn));
      })
      // UntagResource: ?tagKeys=a,b or ?tagKeys=a&tagKeys=b (a key cannot hold a comma); answers the tags after it.
      .delete("/:ref/tags", async (c) => {
        const arn = arnOf(c.env, c.req.param("ref"));
        const given = c.req.queries("tagKeys");
        if (!given) throw new ApiError(400, "MissingRequiredParameter", "Give the keys to remove: ?tagKeys=<key>,<key>.");
        await tags.untagResource(
          c.env,
          arn,
          given.flatMap((k) => k.split(",")),
        );
        return c.json(await tags.listTags(c.env, arn));
      })
  );
}

export const machineTagRoutes = tagRoutes((env, ref) => stateMachineArn(env, checkName("state machine", ref)));

// An activity ARN of another region or account goes to the service as it is: ResourceNotFound there.
export const activityTagRoutes = tagRoutes((env, ref) => {
  const name = activityRef(env, ref);
  return name === null ? ref : activityArn(env, name);
});
