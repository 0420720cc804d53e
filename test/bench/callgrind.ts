/**
 * For the benchmarks: workerd run under Valgrind's callgrind, so that a measurement counts the machine
 * instructions workerd executed (all its threads) instead of timing them. On a shared machine a timed
 * ratio moves by ±30% from round to round; an instruction count moves by a few per cent (the collector
 * and the JIT still vary). Slow: Valgrind runs workerd about 50 times slower, so anything that depends
 * on time (the Express records' 200 ms group window) behaves differently than at full speed.
 *
 * Needs `valgrind` and `callgrind_control` on the PATH (Debian: apt-get install valgrind).
 */
import { execFileSync } from "node:child_process";
import { chmodSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Whether valgrind and callgrind_control can be run here. */
export function callgrindAvailable(): boolean {
  try {
    execFileSync("valgrind", ["--version"], { stdio: "ignore" });
    execFileSync("callgrind_control", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes the next Miniflare start workerd under callgrind (through MINIFLARE_WORKERD_PATH): a wrapper
 * script in `dir`, where the counts are dumped too. Call before `new Miniflare(...)`.
 */
export async function useCallgrind(dir: string): Promise<void> {
  // The binary Miniflare would start (the `workerd` package's CommonJS export `default`).
  const pkg = (await import("workerd")) as { default: string | { default: string } };
  const workerd = typeof pkg.default === "string" ? pkg.default : pkg.default.default;
  const wrapper = join(dir, "workerd-under-callgrind.sh");
  const flags = [
    "--tool=callgrind",
    // V8 writes the code it runs: Valgrind must look for changed code everywhere but in files
    "--smc-check=all-non-file",
    `--callgrind-out-file=${join(dir, "callgrind.%p")}`,
    "--separate-threads=no",
    "--dump-instr=no",
    "-q",
  ];
  writeFileSync(wrapper, `#!/bin/sh\nexec valgrind ${flags.join(" ")} '${workerd}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  process.env.MINIFLARE_WORKERD_PATH = wrapper;
}

/** The counter of the workerd that Miniflare started (a child of this process running under callgrind). */
export class InstructionCounter {
  private readonly pid: string;
  private readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
    const me = process.pid;
    const children = readdirSync(`/proc/${me}/task`).flatMap((t) =>
      readFileSync(`/proc/${me}/task/${t}/children`, "utf8").trim().split(/\s+/).filter(Boolean),
    );
    const found = children.find((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("--tool=callgrind");
      } catch {
        return false;
      }
    });
    if (!found) throw new Error("no workerd under callgrind among this process's children");
    this.pid = found;
  }

  /** Zero the counts. */
  reset(): void {
    execFileSync("callgrind_control", ["-z", this.pid], { stdio: "ignore" });
  }

  /** Instructions executed since the last reset (dumps the counts, and reads the dump's total). */
  read(): number {
    execFileSync("callgrind_control", ["-d", this.pid], { stdio: "ignore" });
    const prefix = `callgrind.${this.pid}.`;
    const dumps = readdirSync(this.dir)
      .filter((f) => f.startsWith(prefix))
      .sort((a, b) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)));
    const text = readFileSync(join(this.dir, dumps[dumps.length - 1]), "utf8");
    const total = /^(?:summary|totals): (\d+)/m.exec(text);
    if (!total) throw new Error(`no total in ${dumps[dumps.length - 1]}`);
    return Number(total[1]);
  }
}
