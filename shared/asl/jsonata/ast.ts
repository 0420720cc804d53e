/**
 * Work done once on a parsed expression: the variable names it reads (so an evaluation binds only
 * those, not every variable in scope), whether it may write into the data it reads, the one
 * parser fix of jsonata 2.0 that can be made on the tree (`~>` keeps an array when either side
 * asks for one, as `$x[] ~> $f` does), each `/regex/` compiled for RE2, so that a pattern it
 * cannot run in linear time is refused with the definition (throws UnsupportedRegexError), and each
 * order-by term marked `orderByTerm`, for the work budget.
 */
import { LinearRegExp } from "../eval/regex.ts";

interface Node {
  type?: string;
  value?: unknown;
  lhs?: Node;
  rhs?: Node;
  keepArray?: boolean;
  [k: string]: unknown;
}

export interface Prepared {
  /** Names of the `$name` references (lambda parameters and `:=` targets included). */
  names: string[];
  /**
   * A path ending in `[]` (`$states.input.items[]`): jsonata marks the array it selects with a
   * `keepSingleton` property, on the input's own array when the path selects one.
   */
  marksInput: boolean;
}

function markTerm(n: Node | undefined): void {
  if (n) n.orderByTerm = true;
}

export function prepare(ast: unknown): Prepared {
  const names = new Set<string>();
  let marksInput = false;
  const seen = new Set<object>();
  const walk = (n: unknown): void => {
    if (n === null || typeof n !== "object" || seen.has(n)) return;
    seen.add(n);
    if (Array.isArray(n)) {
      for (const x of n) walk(x);
      return;
    }
    const node = n as Node;
    for (const k in node) walk(node[k]);
    if (node.type === "variable" && typeof node.value === "string" && node.value !== "") names.add(node.value);
    if (node.keepSingletonArray) marksInput = true;
    if (node.type === "regex" && node.value instanceof RegExp) LinearRegExp.of(node.value);
    // An order-by's terms are evaluated once per comparison of jsonata's own merge (budget.ts).
    if (node.type === "sort" && Array.isArray(node.terms)) for (const t of node.terms as { expression?: Node }[]) markTerm(t.expression);
    // jsonata 2.0: processAST sets this on `~>`; 1.8.7 does not (children are walked first).
    if (node.type === "apply" && node.value === "~>" && (node.lhs?.keepArray || node.rhs?.keepArray)) node.keepArray = true;
  };
  walk(ast);
  return { names: [...names], marksInput };
}
