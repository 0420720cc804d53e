/** Live progress on stderr: one redrawn line on a terminal, a plain line per state otherwise. */
import type { HistoryEvent } from "../shared/asl/index.ts";
import type { Io } from "./command.ts";

const FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";

export function progress(io: Io): { onEvents(events: HistoryEvent[]): void; done(): void } {
  let frame = 0;
  let states = 0;
  let drawn = false;
  return {
    onEvents(events) {
      for (const e of events) {
        const failed = e.type.endsWith("Failed") || e.type.endsWith("TimedOut");
        if (e.type.endsWith("StateEntered")) {
          states++;
          if (io.tty) {
            io.err(`\r\x1b[K${FRAMES[frame++ % FRAMES.length]} ${states} states · ${String(e.name)}`);
            drawn = true;
          } else io.err(`> ${String(e.name)}\n`);
        } else if (failed && !e.type.startsWith("Execution")) {
          const what = `! ${e.type}${e.error ? `: ${String(e.error)}` : ""}`;
          if (io.tty) io.err(`\r\x1b[K${what}\n`);
          else io.err(`${what}\n`);
        }
      }
    },
    done() {
      if (drawn) io.err("\r\x1b[K");
    },
  };
}
