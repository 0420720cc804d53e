/**
 * What the Express hot path reads from D1 on every start (the machine a name or ARN names, the triggers
 * of a method), kept per isolate for a second. AWS documents the same window: state machine updates are
 * eventually consistent, and executions started within a few seconds of UpdateStateMachine may run the
 * previous definition. A write made in this isolate forgets everything at once (forgetHot), so a client
 * that updates and then starts through the same isolate always runs what it wrote.
 */

export const HOT_TTL_MS = 1000;
const MAX_ENTRIES = 256;

interface Entry<V> {
  value: V;
  until: number;
  generation: number;
}

// Bumped by every write: an entry of an older generation, or a load that began before a write, is not used.
let generation = 0;

/**
 * `load(env, key)`, kept HOT_TTL_MS per env object (one per isolate in production; tests make several).
 * A load that throws is not kept: the next call asks again.
 */
export function hotCache<E extends object, V>(load: (env: E, key: string) => Promise<V>): (env: E, key: string) => Promise<V> {
  const byEnv = new WeakMap<E, Map<string, Entry<V>>>();
  return async (env, key) => {
    let entries = byEnv.get(env);
    if (!entries) byEnv.set(env, (entries = new Map()));
    const now = Date.now();
    const hit = entries.get(key);
    if (hit && hit.until > now && hit.generation === generation) return hit.value;
    const started = generation;
    const value = await load(env, key);
    if (started === generation) {
      if (entries.size >= MAX_ENTRIES) entries.clear();
      entries.set(key, { value, until: now + HOT_TTL_MS, generation: started });
    }
    return value;
  };
}

/** After any write to machines or triggers in this isolate: the next read goes to D1. */
export function forgetHot(): void {
  generation++;
}
