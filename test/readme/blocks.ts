/**
 * The README's code blocks, as the README test runs them: fenced blocks in document order, each
 * with the `<!-- readme-test: ... -->` marker written just before it (if any), and for a shell block
 * its commands, each with the output the README claims for it.
 */

export type Directive = { kind: "run" } | { kind: "skip"; reason: string } | { kind: "needs"; command: string; reason: string };

export interface Block {
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  /** The block's text, without its fences, dedented by the fence's indentation. */
  text: string;
  directive: Directive;
}

export interface Command {
  /** 1-based line in the README of the command's first line. */
  line: number;
  /** The command as written (continuation lines, here-documents and multi-line quotes included). */
  text: string;
  /** The output the README claims: the trailing comment when it looks like output, then the `#` lines under it. */
  expected: string;
}

const MARKER = /^<!--\s*readme-test:\s*(.*?)\s*-->$/;
const RUNNABLE = new Set(["sh", "ts", "js"]);

/** Every fenced block of a Markdown text, with its marker. A malformed marker throws. */
export function readBlocks(markdown: string): Block[] {
  const lines = markdown.split("\n");
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\w*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const indent = open[1].length;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !/^\s*```\s*$/.test(lines[j])) body.push(lines[j++].slice(indent));
    if (j === lines.length) throw new Error(`README.md:${i + 1}: a code block is never closed`);
    blocks.push({ line: i + 1, lang: open[2], text: body.join("\n"), directive: directiveBefore(lines, i) });
    i = j;
  }
  for (const b of blocks) {
    if (b.directive.kind !== "run" && !RUNNABLE.has(b.lang)) {
      throw new Error(`README.md:${b.line}: a readme-test marker on a \`${b.lang}\` block, which the test never runs`);
    }
  }
  return blocks;
}

/** The marker on the nearest non-blank line above a fence, if that line is one. */
function directiveBefore(lines: string[], fence: number): Directive {
  let k = fence - 1;
  while (k >= 0 && lines[k].trim() === "") k--;
  const m = k >= 0 ? MARKER.exec(lines[k].trim()) : null;
  if (!m) return { kind: "run" };
  const skip = /^skip \((.+)\)$/.exec(m[1]);
  if (skip) return { kind: "skip", reason: skip[1] };
  const needs = /^needs ([\w.-]+) \((.+)\)$/.exec(m[1]);
  if (needs) return { kind: "needs", command: needs[1], reason: needs[2] };
  throw new Error(`README.md:${k + 1}: unknown readme-test marker "${m[1]}" (use "skip (why)" or "needs <command> (why)")`);
}

export const runnable = (b: Block): boolean => RUNNABLE.has(b.lang);

/**
 * A shell block's commands. A command ends at the end of a line that is outside quotes, not
 * continued with `\` and not inside a here-document. The `#` lines directly under a command (no blank
 * line between) are its expected output; so is its trailing comment when that starts with `{`, `[`
 * or `"` (otherwise a trailing comment is a remark). A `#` line after a blank line is prose.
 */
export function splitCommands(block: Block): Command[] {
  const commands: Command[] = [];
  let current: { line: number; lines: string[]; expected: string[] } | null = null;
  let open: Command | null = null; // the last command, while `#` lines under it are its output
  let quote: "'" | '"' | null = null;
  let heredoc: string | null = null;
  let continued = false;
  const lines = block.text.split("\n");
  lines.forEach((line, n) => {
    const readmeLine = block.line + 1 + n;
    if (current && heredoc !== null) {
      current.lines.push(line);
      if (line.trim() === heredoc) heredoc = null;
    } else if (!current && line.trim() === "") {
      open = null;
      return;
    } else if (!current && line.trimStart().startsWith("#")) {
      if (open) open.expected = [open.expected, line.trimStart().replace(/^#\s?/, "")].filter(Boolean).join("\n");
      return;
    } else {
      current ??= { line: readmeLine, lines: [], expected: [] };
      current.lines.push(line);
      const scan = scanLine(line, quote);
      quote = scan.quote;
      continued = scan.continued;
      if (scan.heredoc) heredoc = scan.heredoc;
      if (scan.comment !== null && /^[{["]/.test(scan.comment)) current.expected.push(scan.comment);
    }
    if (current && heredoc === null && quote === null && !continued) {
      const done: Command = { line: current.line, text: current.lines.join("\n"), expected: current.expected.join("\n") };
      commands.push(done);
      open = done;
      current = null;
    }
  });
  if (current) throw new Error(`README.md:${(current as { line: number }).line}: a command is never finished (an open quote, \\ or here-document)`);
  return commands;
}

interface Scan {
  quote: "'" | '"' | null;
  continued: boolean;
  heredoc: string | null;
  /** The trailing comment's text, or null. */
  comment: string | null;
}

/** One line of shell, from the quoting state the previous line left. */
function scanLine(line: string, start: "'" | '"' | null): Scan {
  let quote = start;
  let heredoc: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") {
      if (c === "'") quote = null;
    } else if (quote === '"') {
      if (c === "\\") i++;
      else if (c === '"') quote = null;
    } else if (c === "\\") {
      if (i === line.length - 1) return { quote, continued: true, heredoc, comment: null };
      i++;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === "#" && (i === 0 || /\s/.test(line[i - 1]))) {
      return { quote, continued: false, heredoc, comment: line.slice(i + 1).trim() };
    } else if (c === "<" && line[i + 1] === "<" && line[i + 2] !== "<") {
      const h = /^<<-?\s*(['"]?)(\w+)\1/.exec(line.slice(i));
      if (h) {
        heredoc = h[2];
        i += h[0].length - 1;
      }
    }
  }
  return { quote, continued: false, heredoc, comment: null };
}

/**
 * A TypeScript or JavaScript block's claimed output: the `// ...` comment ending each line that calls
 * console.log, in order.
 */
export function snippetExpected(block: Block): string[] {
  return block.text
    .split("\n")
    .filter((l) => /console\.log\(/.test(l))
    .map((l) => /\/\/\s*(.*)$/.exec(l)?.[1].trim() ?? "")
    .filter(Boolean);
}
