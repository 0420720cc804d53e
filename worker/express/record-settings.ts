/**
 * What is kept of ended Express executions (README "Express workflows", not in AWS), from vars:
 * EXPRESS_RECORDS ("off", "metadata" the default, "data"), EXPRESS_RECORD_DAYS (retention, default 7)
 * and EXPRESS_RECORD_MAX (rows kept per state machine, default 10,000).
 */
import type { Env } from "../env.ts";

export type RecordMode = "off" | "metadata" | "data";

export interface RecordSettings {
  mode: RecordMode;
  /** How long a record is kept, in ms. */
  retentionMs: number;
  /** The most records kept per state machine (the newest). */
  maxPerMachine: number;
}

export const DEFAULT_RECORD_DAYS = 7;
export const MAX_RECORD_DAYS = 90;
export const DEFAULT_RECORD_MAX = 10_000;
/** With EXPRESS_RECORDS = "data": an input or output larger than this (UTF-8 bytes) is not kept. */
export const RECORD_DATA_MAX = 32 * 1024;

const DAY_MS = 24 * 60 * 60 * 1000;

function positive(v: unknown): number | undefined {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** The settings; an unknown or malformed value means the default (a var cannot stop every execution). */
export function recordSettings(env: Env): RecordSettings {
  const raw = typeof env.EXPRESS_RECORDS === "string" ? env.EXPRESS_RECORDS.trim().toLowerCase() : "";
  const mode: RecordMode = raw === "off" || raw === "data" ? raw : "metadata";
  const days = Math.min(positive(env.EXPRESS_RECORD_DAYS) ?? DEFAULT_RECORD_DAYS, MAX_RECORD_DAYS);
  const max = Math.floor(positive(env.EXPRESS_RECORD_MAX) ?? DEFAULT_RECORD_MAX);
  return { mode, retentionMs: days * DAY_MS, maxPerMachine: Math.max(1, max) };
}

/** JSON text as kept in a record: null when it is larger than RECORD_DATA_MAX. */
export function cappedData(text: string | undefined): string | null {
  if (text === undefined) return null;
  // Most texts are far below the cap: count bytes only when the characters alone could exceed it.
  if (text.length * 3 <= RECORD_DATA_MAX) return text;
  return new TextEncoder().encode(text).length <= RECORD_DATA_MAX ? text : null;
}
