// The few Node APIs the engine tests use (the project has no @types/node: the engine itself must not
// use Node, and worker code is typed for workerd).
declare module "node:fs" {
  export function readFileSync(path: string | URL, encoding: "utf8"): string;
  export function existsSync(path: string | URL): boolean;
  export function readdirSync(path: string | URL): string[];
}
declare module "node:url" {
  export function fileURLToPath(url: string | URL): string;
}
interface ImportMeta {
  readonly url: string;
}
