// Tags end to end with the AWS SDK: @aws-sdk/client-sfn, unchanged, against the runtime in workerd
// (runtime.ts) on 127.0.0.1: tags at creation, TagResource, ListTagsForResource, UntagResource, and
// TooManyTags / ResourceNotFound as the SDK's named exceptions with their resourceName.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  ListTagsForResourceCommand,
  ResourceNotFound,
  SFNClient,
  TagResourceCommand,
  TooManyTags,
  UntagResourceCommand,
} from "@aws-sdk/client-sfn";
import { ACCESS_KEY, startRuntime, type Runtime } from "./runtime.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const ROLE = "arn:aws:iam::123456789012:role/sfn";
const definition = JSON.stringify({ StartAt: "P", States: { P: { Type: "Pass", End: true } } });

let rt: Runtime;
let sfn: SFNClient;

before(async () => {
  rt = await startRuntime(root);
  sfn = new SFNClient({ endpoint: rt.endpoint, region: "us-east-1", credentials: ACCESS_KEY, maxAttempts: 1 });
});
after(async () => {
  sfn?.destroy();
  await rt?.dispose();
});

/** The SDK's exception of a call that must fail. */
async function thrown(p: Promise<unknown>): Promise<Error & { resourceName?: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected the call to fail");
}

describe("tags with @aws-sdk/client-sfn", () => {
  it("creates a tagged state machine, tags, lists and untags it; deleting it deletes its tags", async () => {
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({ name: "sdk-tags", definition, roleArn: ROLE, tags: [{ key: "team", value: "payments" }] }),
    );
    const list = async () => (await sfn.send(new ListTagsForResourceCommand({ resourceArn: stateMachineArn }))).tags;
    assert.deepEqual(await list(), [{ key: "team", value: "payments" }]);
    const tagged = await sfn.send(
      new TagResourceCommand({
        resourceArn: stateMachineArn,
        tags: [
          { key: "team", value: "billing" },
          { key: "env", value: "prod" },
        ],
      }),
    );
    assert.equal(tagged.$metadata.httpStatusCode, 200);
    assert.deepEqual(await list(), [
      { key: "env", value: "prod" },
      { key: "team", value: "billing" },
    ]);
    await sfn.send(new UntagResourceCommand({ resourceArn: stateMachineArn, tagKeys: ["team"] }));
    assert.deepEqual(await list(), [{ key: "env", value: "prod" }]);

    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn }));
    const gone = await thrown(list());
    assert.ok(gone instanceof ResourceNotFound);
    assert.equal(gone.resourceName, stateMachineArn);
    await sfn.send(new CreateStateMachineCommand({ name: "sdk-tags", definition, roleArn: ROLE }));
    assert.deepEqual(await list(), []);
  });

  it("tags an activity, and refuses a 51st tag with TooManyTags", async () => {
    const tags = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: String(i) }));
    const { activityArn } = await sfn.send(new CreateActivityCommand({ name: "sdk-tagged-activity", tags }));
    assert.equal((await sfn.send(new ListTagsForResourceCommand({ resourceArn: activityArn }))).tags?.length, 50);
    const e = await thrown(sfn.send(new TagResourceCommand({ resourceArn: activityArn, tags: [{ key: "one-more", value: "" }] })));
    assert.ok(e instanceof TooManyTags);
    assert.equal(e.$metadata?.httpStatusCode, 400);
    assert.equal(e.resourceName, activityArn);
  });
});
