// End to end with @aws-sdk/client-sfn: state machine versions and an alias that splits starts 90/10
// between two of them, against the runtime in workerd (runtime.ts) on 127.0.0.1.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import {
  ConflictException,
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DeleteStateMachineAliasCommand,
  DeleteStateMachineCommand,
  DeleteStateMachineVersionCommand,
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  ListStateMachineAliasesCommand,
  ListStateMachineVersionsCommand,
  PublishStateMachineVersionCommand,
  ResourceNotFound,
  SFNClient,
  StartExecutionCommand,
  UpdateStateMachineAliasCommand,
  UpdateStateMachineCommand,
} from "@aws-sdk/client-sfn";
import { ACCESS_KEY, finished as finishedOf, startRuntime, type Runtime } from "./runtime.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const ROLE = "arn:aws:iam::123456789012:role/sfn";
const says = (word: string) => JSON.stringify({ StartAt: "P", States: { P: { Type: "Pass", Result: { word }, End: true } } });

let rt: Runtime;
let sfn: SFNClient;

const finished = (executionArn: string, ms = 10_000) => finishedOf(sfn, executionArn, ms);

before(async () => {
  rt = await startRuntime(root);
  sfn = new SFNClient({ endpoint: rt.endpoint, region: "us-east-1", credentials: ACCESS_KEY, maxAttempts: 1 });
});
after(async () => {
  sfn?.destroy();
  await rt?.dispose();
});

describe("versions and aliases through @aws-sdk/client-sfn", () => {
  it("publishes two versions, routes 100 starts 90/10 through an alias, and DescribeExecution names the alias and the version", async () => {
    const { stateMachineArn, stateMachineVersionArn: v1 } = await sfn.send(
      new CreateStateMachineCommand({
        name: "e2e-canary",
        definition: says("one"),
        roleArn: ROLE,
        publish: true,
        versionDescription: "first",
      }),
    );
    assert.equal(v1, `${stateMachineArn}:1`);
    const u = await sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition: says("two") }));
    const published = await sfn.send(
      new PublishStateMachineVersionCommand({ stateMachineArn, revisionId: u.revisionId, description: "second" }),
    );
    const v2 = published.stateMachineVersionArn!;
    assert.equal(v2, `${stateMachineArn}:2`);
    assert.ok(published.creationDate instanceof Date);
    const stale = await sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn, revisionId: "1" })).catch((e) => e);
    assert.ok(stale instanceof ConflictException, String(stale));
    const versions = await sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn }));
    assert.deepEqual(
      versions.stateMachineVersions!.map((v) => v.stateMachineVersionArn),
      [v2, v1],
    );
    const first = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: v1 }));
    assert.equal(first.stateMachineArn, v1);
    assert.equal(first.definition, says("one"));
    assert.equal(first.description, "first");
    assert.equal(first.revisionId, "1");

    const { stateMachineAliasArn } = await sfn.send(
      new CreateStateMachineAliasCommand({
        name: "live",
        routingConfiguration: [
          { stateMachineVersionArn: v1, weight: 90 },
          { stateMachineVersionArn: v2, weight: 10 },
        ],
      }),
    );
    assert.equal(stateMachineAliasArn, `${stateMachineArn}:live`);
    const alias = await sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn }));
    assert.equal(alias.routingConfiguration!.length, 2);
    assert.ok(alias.creationDate instanceof Date);

    const counts = new Map<string, number>();
    const starts = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        sfn.send(new StartExecutionCommand({ stateMachineArn: stateMachineAliasArn, name: `run-${i}` })),
      ),
    );
    for (const { executionArn } of starts) {
      const d = await finished(executionArn!);
      assert.equal(d.status, "SUCCEEDED");
      assert.equal(d.stateMachineArn, stateMachineArn);
      assert.equal(d.stateMachineAliasArn, stateMachineAliasArn);
      assert.equal(d.stateMachineVersionArn, JSON.parse(d.output!).word === "one" ? v1 : v2);
      counts.set(d.stateMachineVersionArn!, (counts.get(d.stateMachineVersionArn!) ?? 0) + 1);
    }
    // 90/10 over 100 starts: both used, version 1 the majority (each fails by chance with p < 1e-4)
    assert.ok((counts.get(v2) ?? 0) >= 1, JSON.stringify([...counts]));
    assert.ok((counts.get(v1) ?? 0) > 50, JSON.stringify([...counts]));

    const held = await sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: v2 })).catch((e) => e);
    assert.ok(held instanceof ConflictException, String(held));
    await sfn.send(
      new UpdateStateMachineAliasCommand({ stateMachineAliasArn, routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }] }),
    );
    await sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: v2 }));
    const aliases = await sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn }));
    assert.deepEqual(
      aliases.stateMachineAliases!.map((a) => a.stateMachineAliasArn),
      [stateMachineAliasArn],
    );
    await sfn.send(new DeleteStateMachineAliasCommand({ stateMachineAliasArn }));
    const gone = await sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn })).catch((e) => e);
    assert.ok(gone instanceof ResourceNotFound, String(gone));
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn }));
  });
});
