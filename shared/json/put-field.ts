/**
 * `obj[k] = v` as JSON.parse makes a member: a "__proto__" key becomes an own field. A plain assignment
 * would run Object.prototype's `__proto__` setter instead (setting the prototype, or ignoring a
 * non-object), and the field would vanish from the output.
 */
export function putField<T>(obj: Record<string, T>, k: string, v: T) {
  if (k === "__proto__") Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
  else obj[k] = v;
}
