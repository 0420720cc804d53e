/** The README test's own rules: what it accepts and, above all, what it refuses. No server needed. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readBlocks, snippetExpected, splitCommands } from "./blocks.ts";
import { claimsHttpError, judge, pairsOf } from "./expect.ts";

/** At least one problem. */
const refused = (problems: string[]) => assert.notDeepEqual(problems, []);

describe("judge: pairs", () => {
  const out = '{"executionArn":"arn:aws:states:us-east-1:123456789012:execution:hello-wait:first","startDate":"2026-12-05T10:26:11.223Z"}';

  it("accepts the same pairs, any timestamp, and spaces around the colon", () => {
    assert.deepEqual(judge('{"executionArn": "arn:aws:states:us-east-1:123456789012:execution:hello-wait:first","startDate":"2026-11-24T22:30:51.923Z"}', out), []);
  });
  it("refuses another value", () => {
    refused(judge('{..."executionArn":"arn:aws:states:us-east-1:123456789012:execution:hello-wait:second",...}', out));
  });
  it("refuses a missing key", () => {
    refused(judge('{..."status":"RUNNING",...}', out));
  });
  it("lets ... and <placeholder> stand for any text inside a string, and a UUID for any UUID", () => {
    assert.deepEqual(judge('{"executionArn":"...:execution:<machine>:first",...}', out), []);
    const express = '{"executionArn":"arn:aws:states:us-east-1:123456789012:express:h:0b7c3a52-5d1e-4c55-9d7e-2f1f3b1f0a11:1d0c2b8e-1111-4222-8333-944455556666"}';
    assert.deepEqual(judge('{"executionArn":"arn:aws:states:us-east-1:123456789012:express:h:<name>:1a2b3c4d-0000-4000-8000-000000000000"}', express), []);
    refused(judge('{"executionArn":"...:express:other:<name>:<uuid>"}', express));
  });
  it("lets epoch seconds (the AWS protocol's dates) stand for any epoch seconds, but not for another number", () => {
    assert.deepEqual(judge('{"creationDate": 1795991451.923}', '{\n  "creationDate": 1796466673.209\n}'), []);
    refused(judge('{"creationDate": 1795991451.923}', '{"creationDate": 17}'));
  });
  it("reads escaped JSON text as one value, and numbers whole", () => {
    const o = '{"status":"SUCCEEDED","output":"{\\"greeting\\":\\"Hello, Ada!\\"}","revision":12}';
    assert.deepEqual(judge('{..."output":"{\\"greeting\\":\\"Hello, Ada!\\"}",...}', o), []);
    refused(judge('{..."output":"{\\"greeting\\":\\"Hello, Bob!\\"}",...}', o));
    refused(judge('{..."revision":1,...}', o));
  });
  it("never starts a pair inside a string, and ignores prose", () => {
    assert.deepEqual(pairsOf('{"a":"x\\":\\"y","b":1}'), [
      { key: '"a"', value: '"x\\":\\"y"' },
      { key: '"b"', value: "1" },
    ]);
    assert.deepEqual(pairsOf('the "email" (also printed by wrangler: approve http://...)'), []);
  });
});

describe("judge: shape", () => {
  it("a whole object without ... means exactly those keys", () => {
    assert.deepEqual(judge("{}", "{}"), []);
    refused(judge("{}", '{"unexpected":true}'));
    refused(judge('{"delivered":"approve"}', "not json"));
    refused(judge('{"a":1}', '{"a":1,"b":2}'));
  });
  it("an object with ... only checks its pairs", () => {
    assert.deepEqual(judge('{"taskToken":"...","input":"{\\"size\\":3}"}', '{"taskToken":"abc","input":"{\\"size\\":3}","extra":1}'), []);
  });
});

describe("claimsHttpError", () => {
  it("is an error body of the REST API or of the AWS protocol", () => {
    assert.equal(claimsHttpError('{"error":"TaskDoesNotExist","message":"..."}'), true);
    assert.equal(claimsHttpError('{"__type":"InvalidArn","message":"..."}'), true);
    assert.equal(claimsHttpError('"status":"FAILED" ... "error":"OrderRejected"'), false);
    assert.equal(claimsHttpError('{..."status":"FAILED","error":"PaymentDeclined",...}'), false);
  });
});

describe("blocks and commands", () => {
  const md = [
    "<!-- readme-test: skip (needs a Cloudflare account) -->",
    "```sh",
    "npx wrangler deploy",
    "```",
    "",
    "```sh",
    "curl -s $API/a -d @- <<'EOF'",
    '{"x": "# not a comment"}',
    "EOF",
    '# {"ok":true}',
    "curl -s $API/b -d '{\"multi\":",
    "  \"line\"}'   # {\"b\":1}",
    "# \"c\":2",
    "",
    "# prose after a blank line",
    "sleep 1; curl -s $API/c \\",
    "  -H x   # a remark, not output",
    "```",
    "",
    "  <!-- readme-test: needs aws (the AWS CLI) -->",
    "  ```ts",
    "  console.log(1 + 1); // 2",
    "  ```",
    "```jsonc",
    "{}",
    "```",
  ].join("\n");

  it("finds every block with its marker, dedenting indented ones", () => {
    const blocks = readBlocks(md);
    assert.deepEqual(
      blocks.map((b) => [b.line, b.lang, b.directive.kind]),
      [
        [2, "sh", "skip"],
        [6, "sh", "run"],
        [21, "ts", "needs"],
        [24, "jsonc", "run"],
      ],
    );
    assert.equal(blocks[2].text, "console.log(1 + 1); // 2");
    assert.deepEqual(snippetExpected(blocks[2]), ["2"]);
  });

  it("splits commands at the end of complete lines, with the output claimed under them", () => {
    const cmds = splitCommands(readBlocks(md)[1]);
    assert.deepEqual(
      cmds.map((c) => [c.line, c.expected]),
      [
        [7, '{"ok":true}'],
        [11, '{"b":1}\n"c":2'],
        [16, ""],
      ],
    );
    assert.match(cmds[0].text, /# not a comment"}\nEOF$/);
  });

  it("refuses an unknown marker and a marker on a block that never runs", () => {
    assert.throws(() => readBlocks("<!-- readme-test: maybe -->\n```sh\nls\n```"), /unknown readme-test marker/);
    assert.throws(() => readBlocks("<!-- readme-test: skip (x) -->\n```jsonc\n{}\n```"), /never runs/);
  });
});
