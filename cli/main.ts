/**
 * `asl`: run, test, validate and draw ASL workflows on your machine or in CI, and drive a running
 * runtime. Node-only (node:fs, node:util, process), which is why it lives in cli/ and not in shared/:
 * shared/ must run in Workers and browsers too. It imports shared/ (the engine, the graph model, the
 * JSON locator) and never worker/ (test/architecture/layers.test.ts checks both).
 *
 * The `asl` bin is cli/bin/asl.mjs: it runs this file (TypeScript, in a checkout with Node 22) or
 * its bundle cli/dist/asl.mjs (an installed package; cli/build.mjs makes it).
 */
import type { Command, Io } from "./command.ts";
import { parse } from "./command.ts";
import { EXIT, UsageError } from "./errors.ts";
import { graphCommand } from "./graph.ts";
import { describeCommand, historyCommand, startCommand } from "./remote.ts";
import { runCommand } from "./run.ts";
import { testCommand } from "./test-command.ts";
import { validateCommand } from "./validate.ts";

const COMMANDS: Command[] = [validateCommand, runCommand, testCommand, graphCommand, startCommand, describeCommand, historyCommand];

const HELP = `Usage: asl <command> [options]   (asl <command> --help for each)

Local (the engine in this process, nothing deployed):
${COMMANDS.slice(0, 4)
  .map((c) => `  ${c.name.padEnd(10)} ${c.summary}`)
  .join("\n")}

Remote (a running runtime's REST API; --endpoint URL, token in API_TOKEN):
${COMMANDS.slice(4)
  .map((c) => `  ${c.name.padEnd(10)} ${c.summary}`)
  .join("\n")}

Exit codes: 0 success, 1 a failure (an invalid definition, a failed execution or test, an API error),
2 bad arguments or an unreadable / invalid file.`;

export async function main(args: string[], io: Io): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.out(HELP + "\n");
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (!command) throw new UsageError(`asl: unknown command '${name}' (${COMMANDS.map((c) => c.name).join(", ")}; see asl --help)`);
    const { values, positionals } = parse(command, rest);
    if (values.help) {
      io.out(command.help + "\n");
      return EXIT.ok;
    }
    return await command.run(values, positionals, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}

/** Runs when this file is the process's entry (the bin imports and calls it otherwise). */
export async function cli(): Promise<void> {
  const io: Io = {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    tty: process.stderr.isTTY === true,
    env: process.env,
  };
  try {
    process.exitCode = await main(process.argv.slice(2), io);
  } catch (e) {
    io.err(`asl: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 3;
  }
}
