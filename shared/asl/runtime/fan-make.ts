/** The fans of Map and Parallel: one factory each, one object shape for both (see fan.ts). */
import type { JSONValue } from "../types.ts";
import type { MapFan, ParallelFan } from "./types.ts";

// A Map's fan and a Parallel's: the same fields in the same order, so one object shape for both.

export function mapFan(
  items: JSONValue[],
  max: number,
  toleratedCount: number | undefined,
  toleratedPercentage: number | undefined,
  effective: JSONValue,
): MapFan {
  const total = items.length;
  const results = new Array<JSONValue>(total).fill(null);
  return {
    kind: "map",
    total,
    started: 0,
    running: 0,
    finished: 0,
    failed: 0,
    max,
    results,
    items,
    effective,
    toleratedCount,
    toleratedPercentage,
    lost: undefined,
    redo: undefined,
  };
}

export function parallelFan(branches: number, effective: JSONValue): ParallelFan {
  const results = new Array<JSONValue>(branches).fill(null);
  return {
    kind: "parallel",
    total: branches,
    started: branches,
    running: branches,
    finished: 0,
    failed: 0,
    max: 0,
    results,
    items: undefined,
    effective,
    toleratedCount: undefined,
    toleratedPercentage: undefined,
    lost: undefined,
    redo: undefined,
  };
}
