/**
 * What error and resource summaries both say about the logs they cover (count, per level, first and last
 * seen, services, hosts), folded with order-independent update operators like request summaries
 * (rollups.ts), so ingestion in any order and `rebuild` agree.
 */
import type { StoredLog } from './collections';

export type SeenLog = Pick<StoredLog, '_id' | 'ts' | 'level' | 'levelName' | 'host' | 'service'>;

/** What one batch adds to one summary. */
export interface SeenDelta {
  count: number;
  levelCounts: Record<string, number>;
  maxLevel: number;
  firstSeen: Date;
  lastSeen: Date;
  services: Set<string>;
  hosts: Set<string>;
  /** Requests of the batch's logs, with each one's first and last log (for the request pairs). */
  requests: Map<string, { first: Date; last: Date }>;
  /** Added by the pairs this batch created (pairs.ts). */
  newRequests: number;
}

export function newSeenDelta(log: SeenLog): SeenDelta {
  return {
    count: 0,
    levelCounts: {},
    maxLevel: log.level,
    firstSeen: log.ts,
    lastSeen: log.ts,
    services: new Set(),
    hosts: new Set(),
    requests: new Map(),
    newRequests: 0,
  };
}

export function addSeen(delta: SeenDelta, log: SeenLog & { requestId: string | null }): void {
  delta.count += 1;
  delta.levelCounts[log.levelName] = (delta.levelCounts[log.levelName] ?? 0) + 1;
  if (log.level > delta.maxLevel) delta.maxLevel = log.level;
  if (log.ts < delta.firstSeen) delta.firstSeen = log.ts;
  if (log.ts > delta.lastSeen) delta.lastSeen = log.ts;
  if (log.service) delta.services.add(log.service);
  if (log.host) delta.hosts.add(log.host);
  if (log.requestId) {
    const span = delta.requests.get(log.requestId);
    if (!span) delta.requests.set(log.requestId, { first: log.ts, last: log.ts });
    else {
      if (log.ts < span.first) span.first = log.ts;
      if (log.ts > span.last) span.last = log.ts;
    }
  }
}

/** The summary fields of a delta, for a summary this batch creates. */
export function seenFields(delta: SeenDelta): Record<string, unknown> {
  return {
    count: delta.count,
    levelCounts: delta.levelCounts,
    maxLevel: delta.maxLevel,
    firstSeen: delta.firstSeen,
    lastSeen: delta.lastSeen,
    services: [...delta.services],
    hosts: [...delta.hosts],
    requestCount: delta.newRequests,
  };
}

/** The update operators folding a delta into an existing summary; `extra` adds more of each operator. */
export function seenUpdate(
  delta: SeenDelta,
  extra: { inc?: Record<string, number>; addToSet?: Record<string, unknown[]>; min?: Record<string, unknown> } = {},
): Record<string, unknown> {
  const inc: Record<string, number> = { count: delta.count, requestCount: delta.newRequests, ...extra.inc };
  for (const [name, n] of Object.entries(delta.levelCounts)) inc[`levelCounts.${name}`] = n;
  const addToSet: Record<string, unknown> = {
    services: { $each: [...delta.services] },
    hosts: { $each: [...delta.hosts] },
  };
  for (const [field, values] of Object.entries(extra.addToSet ?? {})) addToSet[field] = { $each: values };
  return {
    $inc: inc,
    $min: { firstSeen: delta.firstSeen, ...extra.min },
    $max: { lastSeen: delta.lastSeen, maxLevel: delta.maxLevel },
    $addToSet: addToSet,
  };
}
