/** What every command is: its help, its options (node:util parseArgs) and what it does. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./errors.ts";

export type Options = NonNullable<ParseArgsConfig["options"]>;
export type Values = Record<string, string | boolean | string[] | undefined>;

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** stderr is a terminal: progress may redraw one line. */
  tty: boolean;
  env: Record<string, string | undefined>;
}

export interface Command {
  name: string;
  summary: string;
  /** The full `--help` text. */
  help: string;
  options: Options;
  run(values: Values, positionals: string[], io: Io): Promise<number>;
}

/** Parse a command's arguments; an unknown option or a missing value is a UsageError. */
export function parse(command: Command, args: string[]): { values: Values; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { ...command.options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Values, positionals };
  } catch (e) {
    throw new UsageError(`asl ${command.name}: ${e instanceof Error ? e.message : String(e)} (see asl ${command.name} --help)`);
  }
}

export const str = (v: Values[string]): string | undefined => (typeof v === "string" ? v : undefined);
