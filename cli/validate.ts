/** `asl validate`: the API's diagnostics (code, JSON pointer, message, severity) with file, line and column. */
import { validate, type StateMachineType } from "../shared/asl/index.ts";
import type { Command } from "./command.ts";
import { EXIT, UsageError } from "./errors.ts";
import { loadFile } from "./files.ts";

export function machineType(raw: unknown): StateMachineType {
  const type = raw === undefined ? "STANDARD" : String(raw).toUpperCase();
  if (type !== "STANDARD" && type !== "EXPRESS") throw new UsageError(`--type: '${String(raw)}' is neither STANDARD nor EXPRESS`);
  return type;
}

export const validateCommand: Command = {
  name: "validate",
  summary: "check definitions as the API does (JSON or YAML)",
  help: `Usage: asl validate <definition.json|.asl.json|.yaml>... [--type STANDARD|EXPRESS] [--json]

Checks each definition with the engine's validator, the one CreateStateMachine uses, and prints
every diagnostic as  file:line:column: SEVERITY CODE at /json/pointer: message.

  --type   STANDARD (default) or EXPRESS: some rules differ
  --json   print {"file", "valid", "diagnostics": [{code, location, message, severity, line, column}]} per file

Example: asl validate machines/*.asl.json template-statemachine.yaml

Exit: 0 all valid, 1 a definition has an error, 2 a file is unreadable or not JSON/YAML.`,
  options: { type: { type: "string" }, json: { type: "boolean" } },
  async run(values, files, io) {
    if (!files.length) throw new UsageError("asl validate: give at least one definition file (see asl validate --help)");
    const type = machineType(values.type);
    let failed = false;
    for (const path of files) {
      const file = loadFile(path);
      const { diagnostics } = validate(file.text, { type });
      const errors = diagnostics.filter((d) => d.severity === "ERROR").length;
      if (errors) failed = true;
      const placed = diagnostics.map((d) => ({ ...d, ...file.placeOf(d.location) }));
      if (values.json) {
        io.out(JSON.stringify({ file: path, valid: errors === 0, diagnostics: placed }) + "\n");
        continue;
      }
      for (const d of placed) io.out(`${path}:${d.line}:${d.column}: ${d.severity} ${d.code} at ${d.location}: ${d.message}\n`);
      io.out(errors ? `${path}: ${errors} error${errors === 1 ? "" : "s"}\n` : `${path}: valid\n`);
    }
    return failed ? EXIT.failed : EXIT.ok;
  },
};
