/**
 * Pure builders of the derived data (docs/design.md, "Derived data"): a batch of stored logs → one upsert per request id and one
 * per volume bucket, using only update operators FerretDB 1.24 has ($min $max $inc $addToSet $setOnInsert).
 * Ingestion and `rebuild` both go through these, so derived data is computed one way only.
 *
 * Every operator is order-independent, so summaries come out the same whatever order the logs arrive in —
 * which is what lets a rebuild reproduce what ingestion built. Identity fields that disagree between the
 * logs of one request (rare) keep the greatest value, for the same reason.
 */
import { SUMMARY_CONTEXT_FIELDS, type SummaryContextField } from '@logcas/contract';
import type { AnyBulkWriteOperation, UpdateFilter } from 'mongodb';
import type { StoredLog, StoredRequest, StoredVolume } from './collections';

type IdentityValue = string | number;

/** What one batch adds to one request summary. */
export interface RequestDelta {
  requestId: string;
  start: Date;
  end: Date;
  count: number;
  levelCounts: Record<string, number>;
  maxLevel: number;
  services: Set<string>;
  hosts: Set<string>;
  known: Partial<Record<SummaryContextField, IdentityValue>>;
}

/** What one batch adds to one volume bucket. */
export interface VolumeDelta {
  minute: Date;
  service: string | null;
  host: string | null;
  level: number;
  count: number;
}

type RollupLog = Pick<StoredLog, 'ts' | 'level' | 'levelName' | 'host' | 'service' | 'requestId' | SummaryContextField>;

// The order MongoDB's $max uses for two values of one type: numbers numerically, strings by UTF-8 bytes.
function greater(a: IdentityValue, b: IdentityValue): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a > b;
  return Buffer.compare(Buffer.from(String(a)), Buffer.from(String(b))) > 0;
}

/** Groups a batch's logs by request id. Logs without one add nothing. */
export function requestDeltas(logs: Iterable<RollupLog>): Map<string, RequestDelta> {
  const deltas = new Map<string, RequestDelta>();
  for (const log of logs) {
    if (!log.requestId) continue;
    let delta = deltas.get(log.requestId);
    if (!delta) {
      delta = {
        requestId: log.requestId,
        start: log.ts,
        end: log.ts,
        count: 0,
        levelCounts: {},
        maxLevel: log.level,
        services: new Set(),
        hosts: new Set(),
        known: {},
      };
      deltas.set(log.requestId, delta);
    }
    if (log.ts < delta.start) delta.start = log.ts;
    if (log.ts > delta.end) delta.end = log.ts;
    delta.count += 1;
    delta.levelCounts[log.levelName] = (delta.levelCounts[log.levelName] ?? 0) + 1;
    if (log.level > delta.maxLevel) delta.maxLevel = log.level;
    if (log.service) delta.services.add(log.service);
    if (log.host) delta.hosts.add(log.host);
    for (const field of SUMMARY_CONTEXT_FIELDS) {
      const value = log[field];
      if (value === null || value === undefined) continue;
      const current = delta.known[field];
      if (current === undefined || greater(value, current)) delta.known[field] = value;
    }
  }
  return deltas;
}

/**
 * The update of one request's summary. `durationMs` is set to the batch's own span, which is right for a new
 * summary; when the summary already existed with a wider span the caller fixes it from the returned document.
 * Fields no log has told yet get `$max: null`, which sets null only where the field is missing (FerretDB 1.24
 * ignores `$setOnInsert: { field: null }`), so every summary has the same shape.
 */
export function requestUpdate(delta: RequestDelta): UpdateFilter<StoredRequest> {
  const inc: Record<string, number> = { count: delta.count };
  for (const [name, n] of Object.entries(delta.levelCounts)) inc[`levelCounts.${name}`] = n;
  const max: Record<string, unknown> = { end: delta.end, maxLevel: delta.maxLevel };
  for (const field of SUMMARY_CONTEXT_FIELDS) max[field] = delta.known[field] ?? null;
  return {
    $min: { start: delta.start },
    $max: max,
    $inc: inc,
    $addToSet: { services: { $each: [...delta.services] }, hosts: { $each: [...delta.hosts] } },
    $set: { durationMs: delta.end.getTime() - delta.start.getTime() },
  } as UpdateFilter<StoredRequest>;
}

/** The whole summary a delta describes, for a summary recomputed from all of its logs. */
export function requestDocument(delta: RequestDelta): StoredRequest {
  const doc: Record<string, unknown> = {
    _id: delta.requestId,
    start: delta.start,
    end: delta.end,
    durationMs: delta.end.getTime() - delta.start.getTime(),
    count: delta.count,
    levelCounts: delta.levelCounts,
    maxLevel: delta.maxLevel,
    services: [...delta.services],
    hosts: [...delta.hosts],
  };
  for (const field of SUMMARY_CONTEXT_FIELDS) doc[field] = delta.known[field] ?? null;
  return doc as unknown as StoredRequest;
}

/** Fields of a log the rollups read. */
export const ROLLUP_PROJECTION: Readonly<Record<string, 1>> = Object.fromEntries(
  [
    'ts',
    'level',
    'levelName',
    'host',
    'service',
    'requestId',
    ...SUMMARY_CONTEXT_FIELDS,
    // The error and resource views (error-rollups.ts, resource-rollups.ts).
    'logger',
    'message',
    'traceback',
    'fingerprint',
    'resources',
  ].map((f) => [f, 1]),
);

export const MINUTE_MS = 60000;

/** The `_id` of a volume bucket: readable and unique per minute × service × host × level. */
export function volumeBucketId(minute: Date, service: string | null, host: string | null, level: number): string {
  return JSON.stringify([minute.toISOString(), service, host, level]);
}

/**
 * The start every bucket id of `minute` shares. Ids begin with the minute in ISO form, so ids sort by time and a
 * range of them is a range of minutes.
 */
export function volumeIdPrefix(minute: Date): string {
  return volumeBucketId(minute, null, null, 0).slice(0, '["'.length + minute.toISOString().length);
}

/** Counts a batch's logs per minute × service × host × level. */
export function volumeDeltas(logs: Iterable<RollupLog>): Map<string, VolumeDelta> {
  const deltas = new Map<string, VolumeDelta>();
  for (const log of logs) {
    const minute = new Date(Math.floor(log.ts.getTime() / MINUTE_MS) * MINUTE_MS);
    const id = volumeBucketId(minute, log.service, log.host, log.level);
    const delta = deltas.get(id);
    if (delta) delta.count += 1;
    else deltas.set(id, { minute, service: log.service, host: log.host, level: log.level, count: 1 });
  }
  return deltas;
}

/** A whole bucket, for a bucket this batch creates. */
export function volumeDocument(id: string, delta: VolumeDelta): StoredVolume {
  const { minute, service, host, level, count } = delta;
  return { _id: id, minute, service, host, level, count };
}

export function volumeUpserts(deltas: Map<string, VolumeDelta>): AnyBulkWriteOperation<StoredVolume>[] {
  return [...deltas].map(([id, delta]) => ({
    updateOne: {
      filter: { _id: id },
      update: {
        $inc: { count: delta.count },
        $setOnInsert: { minute: delta.minute, service: delta.service, host: delta.host, level: delta.level },
      },
      upsert: true,
    },
  }));
}
