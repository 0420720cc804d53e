/**
 * What the service integrations (Queues, KV, R2, D1 and their AWS shapes) share: the operation a
 * resource names and in which style it answers, its table keys, and whether its bindings are there.
 */
import type { Resource } from "../../shared/asl/index.ts";
import type { Style } from "./aws-shape.ts";
import { bindingOfKind, mapProblem, type BindingKind, type MapVar } from "./bindings.ts";

/** A service resource as its module runs it: our operation, the answer's style, the binding when named. */
export interface Service {
  op: string;
  style: Style;
  binding?: string;
}

/** AWS action -> our operation (`getItem` -> `get`). */
export type Actions = Readonly<Record<string, string>>;

/** The keys of `arn:aws:states:::<service>:<action>` and/or `...:aws-sdk:<service>:<action>`. */
export function awsKeys(service: string, actions: Actions, styles: { optimized?: boolean; sdk?: boolean }): string[] {
  const names = Object.keys(actions);
  return [
    ...(styles.optimized ? names.map((a) => `aws:${service}:${a}`) : []),
    ...(styles.sdk ? names.map((a) => `aws-sdk:${service}:${a}`) : []),
  ];
}

/** The keys of `<type>:<BINDING>:<operation>`. */
export const nativeKeys = (type: string, operations: readonly string[]): string[] => operations.map((op) => `${type}:${op}`);

export function serviceOf(resource: Resource, actions: Actions): Service {
  if (resource.kind === "binding") return { op: resource.operation, style: "native", binding: resource.binding };
  if (resource.kind !== "aws") throw new Error(`not a service resource: ${resource.text}`);
  return { op: actions[resource.action] ?? resource.action, style: resource.sdk ? "sdk" : "optimized" };
}

/** Why a service resource cannot run here: its binding (native) or the name map's bindings (AWS-shaped). */
export function serviceProblem(env: object, resource: Resource, kind: BindingKind, map?: MapVar): string | null {
  if (resource.kind === "binding") {
    const binding = bindingOfKind(env, resource.binding, kind);
    return typeof binding === "string" ? `'${resource.text}': ${binding}` : null;
  }
  const problem = map ? mapProblem(env, map, kind) : null;
  return problem ? `'${resource.text}': ${problem}` : null;
}
