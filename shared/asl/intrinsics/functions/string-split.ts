/**
 * States.StringSplit(text, separators): the pieces of text between any of the separator
 * characters, empty pieces dropped ("a,,b" -> ["a", "b"]).
 */
import type { IntrinsicDef } from "../types.ts";
import { requireString } from "./check.ts";

const NAME = "States.StringSplit";

function split(text: string, separators: string): string[] {
  const out: string[] = [];
  if (separators.length === 1) {
    for (const piece of text.split(separators)) if (piece) out.push(piece);
    return out;
  }
  const set = new Set(separators); // by code point
  let piece = "";
  for (const c of text) {
    if (set.has(c)) {
      if (piece) out.push(piece);
      piece = "";
    } else {
      piece += c;
    }
  }
  if (piece) out.push(piece);
  return out;
}

export const stringSplit: IntrinsicDef = {
  name: NAME,
  minArgs: 2,
  maxArgs: 2,
  pure: true,
  compile([text, separators]) {
    const getText = text.get;
    const getSeparators = separators.get;
    return (env) => split(requireString(getText(env), NAME), requireString(getSeparators(env), NAME));
  },
};
