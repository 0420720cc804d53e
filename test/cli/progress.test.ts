// Live progress on a terminal: one line redrawn in place (a spawned process has no terminal, so the
// CLI's entry is called in process with a terminal-like stderr).
import assert from "node:assert/strict";
import { it } from "node:test";
import { main } from "../../cli/main.ts";
import { fixture } from "./helpers.ts";

it("asl run on a terminal redraws one progress line per state, then clears it", async () => {
  let out = "";
  let err = "";
  const io = { out: (t: string) => void (out += t), err: (t: string) => void (err += t), tty: true, env: {} };
  const code = await main(
    ["run", fixture("LambdaSQSIntegration.asl.json"), "--mock", fixture("MockConfigFile.json"), "--test-case", "RetryPath"],
    io,
  );
  assert.equal(code, 0, err);
  assert.equal(JSON.parse(out).MessageId, "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51");
  // each frame starts by clearing the line: a spinner with the state count and name, a task failure kept on its own line
  assert.deepEqual(err.split("\r\x1b[K"), [
    "",
    "⠋ 1 states · LambdaState",
    "! TaskFailed: Lambda.ResourceNotReadyException\n",
    "! TaskFailed: Lambda.TimeoutException\n",
    "! TaskFailed: Lambda.TimeoutException\n",
    "⠙ 2 states · SQSState",
    "",
  ]);
  assert.ok(!err.includes("> LambdaState\n"), "no plain lines on a terminal");
});
