// The few Node APIs the engine tests use (the project has no @types/node: the engine itself must not
// use Node, and worker code is typed for workerd).
declare module "node:fs" {
  export function readFileSync(path: string | URL, encoding: "utf8"): string;
}
interface ImportMeta {
  readonly url: string;
}
