/**
 * The runtime in workerd beside a fake AWS that verifies SigV4 (fake-aws.ts), set up once per test file
 * for the real-AWS tests: credentials and endpoints as bindings, an SFN client on the runtime, and the
 * few ways those tests create and run machines.
 */
import assert from "node:assert/strict";
import { after, before } from "node:test";
import { fileURLToPath } from "node:url";
import {
  CreateStateMachineCommand,
  SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  type DescribeExecutionCommandOutput,
  type StartSyncExecutionCommandOutput,
} from "@aws-sdk/client-sfn";
import { startFakeAws, type FakeAws } from "./fake-aws.ts";
import { ACCESS_KEY, finished, startRuntime, type Runtime } from "./runtime.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
export const ROLE = "arn:aws:iam::123456789012:role/sfn";

export interface FakeAwsOptions {
  keyId: string;
  secret: string;
  token?: string;
  /** Machine names are `<prefix>-<n>`. */
  prefix: string;
  /** Bindings besides the credentials and AWS_ENDPOINT_URL (the fake's URL given). */
  bindings?: (fakeUrl: string) => Record<string, unknown>;
}

export interface FakeAwsRuntime {
  readonly fake: FakeAws;
  readonly rt: Runtime;
  readonly sfn: SFNClient;
  machine(definition: object, type?: "EXPRESS" | "STANDARD"): Promise<string>;
  /** A one-Task EXPRESS machine run synchronously. */
  run(resource: string, params: unknown, input?: unknown): Promise<StartSyncExecutionCommandOutput>;
  /** A one-Task STANDARD machine (.sync needs one) run to its end. */
  runStandard(resource: string, params: unknown, input?: unknown, ms?: number): Promise<DescribeExecutionCommandOutput>;
}

export const task = (Resource: string, Parameters: unknown) => ({
  StartAt: "T",
  States: { T: { Type: "Task", Resource, Parameters, End: true } },
});

export const out = (r: StartSyncExecutionCommandOutput | DescribeExecutionCommandOutput) => {
  assert.equal(r.status, "SUCCEEDED", `${r.error}: ${r.cause}`);
  return JSON.parse(r.output!);
};

/** Starts the fake and the runtime before this file's tests and stops them after. */
export function useFakeAwsRuntime(o: FakeAwsOptions): FakeAwsRuntime {
  let fake: FakeAws | undefined;
  let rt: Runtime | undefined;
  let sfn: SFNClient | undefined;
  let n = 0;
  before(async () => {
    fake = await startFakeAws(o.keyId, o.secret, o.token);
    const credentials = { AWS_ACCESS_KEY_ID: o.keyId, AWS_SECRET_ACCESS_KEY: o.secret, ...(o.token ? { AWS_SESSION_TOKEN: o.token } : {}) };
    rt = await startRuntime(root, { bindings: { ...credentials, AWS_ENDPOINT_URL: fake.url, ...o.bindings?.(fake.url) } });
    sfn = new SFNClient({ endpoint: rt.endpoint, region: "us-east-1", credentials: ACCESS_KEY, maxAttempts: 1, disableHostPrefix: true });
  });
  after(async () => {
    sfn?.destroy();
    await rt?.dispose();
    await fake?.close();
  });
  const h: FakeAwsRuntime = {
    get fake() {
      return fake!;
    },
    get rt() {
      return rt!;
    },
    get sfn() {
      return sfn!;
    },
    async machine(definition, type = "EXPRESS") {
      const name = `${o.prefix}-${++n}`;
      const sm = await sfn!.send(new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE, type }));
      return sm.stateMachineArn!;
    },
    async run(resource, params, input = {}) {
      const arn = await h.machine(task(resource, params));
      return sfn!.send(new StartSyncExecutionCommand({ stateMachineArn: arn, input: JSON.stringify(input) }));
    },
    async runStandard(resource, params, input = {}, ms = 30_000) {
      const stateMachineArn = await h.machine(task(resource, params), "STANDARD");
      const e = await sfn!.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }));
      return finished(sfn!, e.executionArn!, ms);
    },
  };
  return h;
}
