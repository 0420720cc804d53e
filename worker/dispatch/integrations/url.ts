/** `https://...` or `http://...`: POST the input as JSON (../http-post.ts). */
import type { Resource } from "../../../shared/asl/index.ts";
import { postTask } from "../http-post.ts";
import type { Integration } from "../types.ts";

type UrlResource = Extract<Resource, { kind: "url" }>;

export const urlProblem = (r: UrlResource): string | null => (URL.canParse(r.url) ? null : `'${r.text}' is not a valid URL`);

export const url: Integration = {
  keys: ["url"],
  problem: (_ctx, r) => urlProblem(r as UrlResource),
  async run(_ctx, call, r, signal) {
    const problem = urlProblem(r as UrlResource);
    if (problem) return { error: "States.Runtime", cause: problem };
    const out = await postTask((u, init) => fetch(u, init), (r as UrlResource).url, call, signal);
    return out.ok ? { output: out.value } : { error: out.error, cause: out.cause };
  },
};
