/**
 * Stable log ids (docs/design.md, "Records"). A record's id is a hash of where it was written (host, service), its event time,
 * its exact source text and the occurrence number of that same text at that same time within its stream.
 * So the same line ingested twice — or from a rotated copy of the file — gets the same id, while two identical
 * lines written in the same millisecond are told apart by their occurrence number. File paths and byte offsets
 * are deliberately left out: a rotated copy has another name and, after copytruncate, other offsets.
 */
import { createHash } from 'node:crypto';
import type { ParsedLog } from '../model/record';

/**
 * How far (ms) behind the newest event time an occurrence counter still remembers a text. Identical raw text
 * carries an identical timestamp, so only a short window matters; a few seconds absorbs the small clock
 * disorder of several workers writing one file while keeping the checkpointed state small.
 */
export const OCCURRENCE_WINDOW_MS = 5000;

/**
 * The counter state a checkpoint stores: the newest event time and, per remembered text, its key, event time
 * and count, as three parallel arrays (FerretDB 1.24 stores no nested arrays).
 */
export interface OccurrenceState {
  maxTs: number;
  keys: string[];
  times: number[];
  counts: number[];
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

function eventTime(record: Pick<ParsedLog, 'ts'>): number {
  const ms = record.ts instanceof Date ? record.ts.getTime() : Number.NaN;
  return Number.isFinite(ms) ? ms : 0;
}

/** The identity of a record's text, before its occurrence number is known. */
function recordKey(record: Pick<ParsedLog, 'host' | 'service' | 'ts' | 'raw'>): string {
  return digest(`${record.host ?? ''}\u0000${record.service ?? ''}\u0000${eventTime(record)}\u0000${record.raw}`);
}

/** The stable id of the `occurrence`-th (0-based) record with this key in its stream. */
function stableIdFromKey(key: string, occurrence: number): string {
  // The first occurrence (nearly every record) costs a single hash.
  return occurrence === 0 ? key : digest(`${key}#${occurrence}`);
}

/** The stable id of one record, given its occurrence number (0 for the first time its text appears). */
export function stableId(record: Pick<ParsedLog, 'host' | 'service' | 'ts' | 'raw'>, occurrence = 0): string {
  return stableIdFromKey(recordKey(record), occurrence);
}

/**
 * Counts how many times each text has already appeared in one stream. Entries older than the window are
 * treated as absent at lookup time, so the answer never depends on when pruning or a checkpoint happened:
 * a stream resumed from a snapshot numbers its records exactly as an uninterrupted read would.
 */
export class OccurrenceCounter {
  private readonly counts = new Map<string, { ts: number; n: number }>();
  private maxTs = Number.NEGATIVE_INFINITY;
  private sincePrune = 0;

  constructor(state?: OccurrenceState | null) {
    if (!state) return;
    this.maxTs = state.maxTs ?? Number.NEGATIVE_INFINITY;
    const { keys = [], times = [], counts = [] } = state;
    keys.forEach((key, i) => this.counts.set(key, { ts: times[i] ?? 0, n: counts[i] ?? 0 }));
  }

  /** Returns the id of the next record and counts it. */
  nextId(record: Pick<ParsedLog, 'host' | 'service' | 'ts' | 'raw'>): string {
    const ts = eventTime(record);
    if (ts > this.maxTs) this.maxTs = ts;
    const key = recordKey(record);
    const seen = this.counts.get(key);
    const occurrence = seen && this.fresh(seen.ts) ? seen.n : 0;
    this.counts.set(key, { ts, n: occurrence + 1 });
    if (++this.sincePrune >= 10000) this.prune();
    return stableIdFromKey(key, occurrence);
  }

  /** The state to store in a checkpoint (only what can still matter). */
  snapshot(): OccurrenceState {
    this.prune();
    const state: OccurrenceState = {
      maxTs: Number.isFinite(this.maxTs) ? this.maxTs : 0,
      keys: [],
      times: [],
      counts: [],
    };
    for (const [key, { ts, n }] of this.counts) {
      state.keys.push(key);
      state.times.push(ts);
      state.counts.push(n);
    }
    return state;
  }

  private fresh(ts: number): boolean {
    return ts >= this.maxTs - OCCURRENCE_WINDOW_MS;
  }

  private prune(): void {
    this.sincePrune = 0;
    for (const [key, { ts }] of this.counts) if (!this.fresh(ts)) this.counts.delete(key);
  }
}
