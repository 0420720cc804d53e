/**
 * Children from items: a page read (from the ItemReader at its stored cursor, or from the items the
 * Map state gave), each item selected (ItemSelector) and batched (ItemBatcher). A batch still open at
 * the end of a page is kept in the run's state as its items, and refilled first on the next page.
 */
import type { JSONValue } from "../../shared/asl/index.ts";
import { Batcher } from "../../shared/asl/distributed/batcher.ts";
import { openReader } from "../../shared/asl/distributed/reader.ts";
import { makeSelector, type Selector } from "../../shared/asl/distributed/select.ts";
import type { ObjectStore } from "../../shared/asl/distributed/types.ts";
import type { RunState } from "./store.ts";

export interface NewChild {
  input: JSONValue;
  /** Items it carries (a batch: its length). */
  items: number;
}

const selectors = new WeakMap<RunState, Selector>();

function selectorOf(state: RunState): Selector | undefined {
  const spec = state.spec.selector;
  if (!spec) return undefined;
  let s = selectors.get(state);
  if (!s) {
    s = makeSelector(spec, { random: Math.random, uuid: () => crypto.randomUUID(), now: Date.now() });
    selectors.set(state, s);
  }
  return s;
}

/** Read up to `max` items and turn them into children; moves `state.reader` on (the caller stores both together). */
export async function readChildren(state: RunState, store: ObjectStore, max: number): Promise<NewChild[]> {
  const spec = state.spec;
  let items: JSONValue[];
  if (spec.items) {
    items = spec.items.slice(state.reader.items, state.reader.items + max);
    state.reader.done = state.reader.items + items.length >= spec.items.length;
  } else if (spec.reader) {
    const page = await openReader(store, spec.reader, state.reader.cursor).next(max);
    items = page.items;
    state.reader.cursor = page.cursor;
    state.reader.done = page.done;
  } else {
    items = [];
    state.reader.done = true;
  }
  const select = selectorOf(state);
  const first = state.reader.items;
  const selected = select ? items.map((item, i) => select(first + i, item)) : items;
  state.reader.items += items.length;
  if (!spec.batcher) return selected.map((input) => ({ input, items: 1 }));
  return batch(state, selected);
}

function batch(state: RunState, selected: JSONValue[]): NewChild[] {
  const batcher = new Batcher(state.spec.batcher!);
  const fed = state.reader.partial.concat(selected);
  const out: NewChild[] = [];
  let used = 0;
  for (const item of fed) {
    for (const b of batcher.add(item)) {
      const n = (b.Items as JSONValue[]).length;
      used += n;
      out.push({ input: b, items: n });
    }
  }
  if (state.reader.done) {
    const last = batcher.flush();
    if (last) {
      const n = (last.Items as JSONValue[]).length;
      used += n;
      out.push({ input: last, items: n });
    }
  }
  state.reader.partial = fed.slice(used);
  return out;
}
