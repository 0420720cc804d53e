/** A few DOM helpers: the console has no framework, and needs none. */

type Attr = string | number | boolean | undefined | null | ((e: Event) => void);
type Child = Node | string | number | null | undefined | false;

/** `h("button", {class: "primary", onclick: f}, "Save")`: attributes, `on*` listeners, children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, Attr> = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (typeof v === "function") el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(typeof c === "number" ? String(c) : c);
  return el;
}

export const $ = <T extends HTMLElement = HTMLElement>(selector: string, root: ParentNode = document): T | null =>
  root.querySelector<T>(selector);

/** The page's data (`<script type="application/json" id="page-data">`). */
export function pageData<T>(): T {
  return JSON.parse(document.getElementById("page-data")?.textContent ?? "null") as T;
}

/** JSON text pretty-printed; text that is not JSON as it is. */
export function pretty(text: string | undefined): string {
  if (text === undefined) return "";
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** `1.2 s`, `340 ms`, `3 min 4 s`. */
export function ms(n: number): string {
  if (!(n >= 0)) return "—";
  if (n < 1000) return `${Math.round(n)} ms`;
  if (n < 60_000) return `${(n / 1000).toFixed(1)} s`;
  if (n < 3_600_000) return `${Math.floor(n / 60_000)} min ${Math.floor((n % 60_000) / 1000)} s`;
  return `${Math.floor(n / 3_600_000)} h ${Math.floor((n % 3_600_000) / 60_000)} min`;
}

export const when = (iso: string | undefined): string => (iso ? iso.replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC") : "—");

/** Debounce: run `f` once calls have stopped for `wait` ms. */
export function debounce<A extends unknown[]>(f: (...a: A) => void, wait: number): (...a: A) => void {
  let t: ReturnType<typeof setTimeout> | undefined;
  return (...a: A) => {
    clearTimeout(t);
    t = setTimeout(() => f(...a), wait);
  };
}
