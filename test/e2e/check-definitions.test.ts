// npm run check-definitions (test/tools/check-definitions.ts), spawned as a user runs it over a folder.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";

const root = join(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "check-definitions-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function check(...args: string[]): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, [join(root, "test/tools/check-definitions.ts"), ...args], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, INIT_CWD: dir },
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

const task = (resource: string, params: object) => ({ StartAt: "T", States: { T: { Type: "Task", Resource: resource, Parameters: params, End: true } } });

describe("check-definitions", () => {
  it("accepts what AWS accepts (Jayway's '.[', a region-qualified ARN, YAML) and names each refusal; exit 0, then 1", () => {
    mkdirSync(join(dir, "ok/nested"), { recursive: true });
    const pass = { StartAt: "P", States: { P: { Type: "Pass", InputPath: "$.Snapshots.[0]", End: true } } };
    writeFileSync(join(dir, "ok/pass.asl.json"), JSON.stringify(pass));
    writeFileSync(join(dir, "ok/nested/queue.asl.json"), JSON.stringify(task("arn:aws:states:us-east-1:123456789012:sqs:sendMessage", { QueueUrl: "orders", MessageBody: "x" })));
    writeFileSync(join(dir, "ok/yaml.asl.yaml"), "StartAt: P\nStates:\n  P:\n    Type: Pass\n    End: true\n");
    writeFileSync(join(dir, "ok/ignored.json"), "not a definition: no .asl. in its name");
    const ok = check("ok");
    assert.equal(ok.code, 0, ok.out);
    assert.match(ok.out, /✓ ok\/nested\/queue\.asl\.json/);
    assert.match(ok.out, /✓ ok\/yaml\.asl\.yaml/);
    assert.match(ok.out, /3 of 3 accepted \(STANDARD, /);

    mkdirSync(join(dir, "bad"));
    writeFileSync(join(dir, "bad/table.asl.yml"), "StartAt: Save\nStates:\n  Save:\n    Type: Task\n    Resource: arn:aws:states:::dynamodb:putItem\n    Parameters:\n      TableName: ${Table}\n      Item: {}\n    End: true\n");
    writeFileSync(join(dir, "bad/broken.asl.yaml"), "StartAt: [unclosed\n");
    writeFileSync(join(dir, "bad/next.asl.json"), JSON.stringify({ StartAt: "P", States: { P: { Type: "Pass", Next: "Nowhere" } } }));
    const bad = check("bad");
    assert.equal(bad.code, 1, bad.out);
    assert.match(bad.out, /✗ bad\/broken\.asl\.yaml\n {4}not valid YAML/);
    assert.match(bad.out, /✗ bad\/next\.asl\.json\n {4}\/States\/P\/Next: /);
    assert.match(bad.out, /✗ bad\/table\.asl\.yml\n {4}unfilled placeholder \$\{Table\}: give each with --sub Name=Value/);
    assert.match(bad.out, /0 of 3 accepted/);
  });

  it("--sub fills a placeholder; an unmapped table is refused unless --aws-credentials", () => {
    const file = join(dir, "bad/table.asl.yml");
    const unmapped = check(file, "--sub", "Table=Elsewhere");
    assert.equal(unmapped.code, 1, unmapped.out);
    assert.match(unmapped.out, /\/States\/Save\/Resource: State 'Save': .*table 'Elsewhere' \(TableName\) is mapped nowhere: add it to DYNAMODB_TABLES/);
    const mapped = check(file, "--sub", "Table=Orders");
    assert.equal(mapped.code, 0, mapped.out);
    const viaAws = check(file, "--sub", "Table=Elsewhere", "--aws-credentials");
    assert.equal(viaAws.code, 0, viaAws.out);
    assert.match(viaAws.out, /1 of 1 accepted \(STANDARD, .*, with AWS credentials\)/);
  });

  it("bad usage exits 2 with one line saying why", () => {
    for (const args of [[], ["no-such-folder"], ["ok", "--type", "BATCH"], ["ok", "--sub", "novalue"], ["ok", "--frobnicate"]]) {
      const r = check(...args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.out}`);
      assert.match(r.out, /^check-definitions: /);
    }
  });
});
