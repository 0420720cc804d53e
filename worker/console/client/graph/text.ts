/**
 * Text widths estimated without a DOM, so that layout runs anywhere (tests in Node, a worker). The
 * figures are per-character widths in em for a sans-serif UI font (system-ui, Segoe UI, Roboto, DejaVu
 * Sans), on the generous side: a label estimated a little too wide wastes a few pixels, one estimated
 * too narrow overflows its box.
 */

const NARROW = new Set("il.,:;'|!`()[]{}/\\ jtfrI");
const WIDE = new Set("mwMWOQGDH@%&");

function charWidth(c: string): number {
  if (NARROW.has(c)) return 0.34;
  if (WIDE.has(c)) return 0.86;
  if (c >= "A" && c <= "Z") return 0.7;
  if (c >= "0" && c <= "9") return 0.6;
  if (c.charCodeAt(0) > 0x2000) return 1;
  return 0.6;
}

/** Estimated width in pixels of `text` at `size` px; `bold` adds the weight's extra width. */
export function textWidth(text: string, size: number, bold = false): number {
  let em = 0;
  for (const c of text) em += charWidth(c);
  return em * size * (bold ? 1.15 : 1);
}

/** `text` cut with an ellipsis so that it fits `max` pixels. */
export function fitText(text: string, size: number, max: number, bold = false): string {
  if (textWidth(text, size, bold) <= max) return text;
  const chars = [...text];
  let em = charWidth("…");
  const limit = max / (size * (bold ? 1.15 : 1));
  let n = 0;
  while (n < chars.length && em + charWidth(chars[n]) <= limit) em += charWidth(chars[n++]);
  return chars.slice(0, n).join("").trimEnd() + "…";
}
