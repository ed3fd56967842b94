/** `logcas prune`: retention by event time, for the live collections and optionally the archive. */
import { ValidationError } from '../errors';
import type { Store } from '../store/connection';
import { pruneBefore, pruneCutoff, pruneViewsBefore, type PruneCounts } from '../store/prune';
import { ensureTtlIndexes } from '../store/ttl';

export interface PruneOptions {
  /** Delete what is older than this many milliseconds. */
  olderThanMs: number;
  /** Also prune `archive_logs` / `archive_requests` with the same cutoff (default false). */
  archive?: boolean;
  /** "Now" for the cutoff (default the current time). */
  now?: Date;
}

export interface PruneResult {
  cutoff: string;
  live: PruneCounts;
  archive: PruneCounts | null;
}

const UNITS: Readonly<Record<string, number>> = { s: 1000, m: 60000, h: 3600000, d: 86400000, w: 604800000 };

/** Reads durations such as `7d`, `12h`, `90m`, `30s`, `2w` (also combined: `1d12h`) into milliseconds. */
export function parseDuration(text: string, parameter = 'older-than'): number {
  const trimmed = text.trim().toLowerCase();
  const parts = [...trimmed.matchAll(/(\d+)\s*([smhdw])/g)];
  const consumed = parts.map((part) => part[0]).join('');
  if (parts.length === 0 || consumed.replace(/\s/g, '') !== trimmed.replace(/\s/g, '')) {
    throw new ValidationError(
      `${parameter} must be a duration such as 7d, 12h, 90m, 30s or 2w (got ${JSON.stringify(text)})`,
      parameter,
    );
  }
  const ms = parts.reduce((sum, part) => sum + Number(part[1]) * (UNITS[part[2] as string] as number), 0);
  if (ms <= 0)
    throw new ValidationError(`${parameter} must be longer than zero (got ${JSON.stringify(text)})`, parameter);
  return ms;
}

export async function prune(store: Store, options: PruneOptions): Promise<PruneResult> {
  if (!Number.isFinite(options.olderThanMs) || options.olderThanMs <= 0) {
    throw new ValidationError('older-than must be a positive duration', 'older-than');
  }
  const before = new Date((options.now ?? new Date()).getTime() - options.olderThanMs);
  const live = await pruneBefore(store, 'live', before);
  const archive = options.archive ? await pruneBefore(store, 'archive', before) : null;
  return { cutoff: pruneCutoff(before).toISOString(), live, archive };
}

export interface RetainResult {
  /** `ttl`: the engine now deletes old live data itself; `prune`: it has no TTL indexes, so this call pruned. */
  mode: 'ttl' | 'prune';
  /** What this call deleted: the archive's share in `ttl` mode, everything in `prune` mode. */
  pruned: PruneResult;
}

/**
 * Standing retention, chosen by what the engine can do: TTL indexes on the live collections where it has them
 * (the server deletes in the background, nothing to schedule); otherwise one prune now, to be scheduled
 * (docs/scaling.md, "Retention"). The error and resource views, and the archive when asked, are pruned now in
 * both modes.
 */
export async function retain(store: Store, options: PruneOptions): Promise<RetainResult> {
  if (!Number.isFinite(options.olderThanMs) || options.olderThanMs < 1000) {
    throw new ValidationError('older-than must be a duration of at least one second', 'older-than');
  }
  if (await ensureTtlIndexes(store, Math.round(options.olderThanMs / 1000))) {
    const before = new Date((options.now ?? new Date()).getTime() - options.olderThanMs);
    // The error and resource views have no TTL indexes: they are pruned now, by each run of this command.
    const live: PruneCounts = { logs: 0, requests: 0, volume: 0, views: await pruneViewsBefore(store, 'live', before) };
    const archive = options.archive ? await pruneBefore(store, 'archive', before) : null;
    return { mode: 'ttl', pruned: { cutoff: pruneCutoff(before).toISOString(), live, archive } };
  }
  return { mode: 'prune', pruned: await prune(store, options) };
}
