/**
 * Pure builders of the error views (docs/fingerprints.md): a batch of stored logs → one summary delta per
 * fingerprint and one count per fingerprint × minute × service × host × level. The readable parts of a
 * summary (title, exception, location, template) are recomputed from a log of the batch by the same rule
 * ingestion applied, so `rebuild` needs only the logs.
 */
import { errorSignature, type ErrorSignature } from '../classify/fingerprint';
import type { ErrorSample, StoredError, StoredErrorBucket, StoredLog } from './collections';
import { MINUTE_MS } from './rollups';
import { addSeen, newSeenDelta, seenFields, seenUpdate, type SeenDelta } from './seen';

export type ErrorRollupLog = Pick<
  StoredLog,
  | '_id'
  | 'ts'
  | 'level'
  | 'levelName'
  | 'host'
  | 'service'
  | 'requestId'
  | 'logger'
  | 'message'
  | 'traceback'
  | 'fingerprint'
>;

export interface ErrorDelta {
  seen: SeenDelta;
  signature: Omit<ErrorSignature, 'fingerprint'>;
  loggers: Set<string>;
  sample: ErrorSample;
}

/** Longest sample message kept in a summary. */
const SAMPLE_MESSAGE_LENGTH = 2000;

/** The sample a log makes; `id` first, so `$min` on the whole document picks the smallest id. */
function sampleOf(log: ErrorRollupLog): ErrorSample {
  return {
    id: log._id,
    ts: log.ts,
    level: log.level,
    levelName: log.levelName,
    host: log.host,
    service: log.service,
    logger: log.logger,
    requestId: log.requestId,
    message: log.message.slice(0, SAMPLE_MESSAGE_LENGTH),
  };
}

/** Groups a batch's fingerprinted logs by fingerprint. */
export function errorDeltas(logs: Iterable<ErrorRollupLog>): Map<string, ErrorDelta> {
  const deltas = new Map<string, ErrorDelta>();
  for (const log of logs) {
    if (!log.fingerprint) continue;
    let delta = deltas.get(log.fingerprint);
    if (!delta) {
      const signature = errorSignature(log) ?? {
        kind: 'message' as const,
        exception: null,
        location: null,
        template: log.message,
        title: log.message,
      };
      delta = { seen: newSeenDelta(log), signature, loggers: new Set(), sample: sampleOf(log) };
      deltas.set(log.fingerprint, delta);
    }
    addSeen(delta.seen, log);
    if (log.logger) delta.loggers.add(log.logger);
    if (log._id < delta.sample.id) delta.sample = sampleOf(log);
  }
  return deltas;
}

export function errorDocument(fingerprint: string, delta: ErrorDelta): StoredError {
  const { kind, title, exception, location, template } = delta.signature;
  return {
    _id: fingerprint,
    kind,
    title,
    exception,
    location,
    template,
    loggers: [...delta.loggers],
    sample: delta.sample,
    ...seenFields(delta.seen),
  } as StoredError;
}

export function errorUpdate(delta: ErrorDelta): Record<string, unknown> {
  return seenUpdate(delta.seen, { addToSet: { loggers: [...delta.loggers] }, min: { sample: delta.sample } });
}

/** Counts a batch's fingerprinted logs per fingerprint × minute × service × host × level. */
export function errorBucketDeltas(logs: Iterable<ErrorRollupLog>): Map<string, StoredErrorBucket> {
  const buckets = new Map<string, StoredErrorBucket>();
  for (const log of logs) {
    if (!log.fingerprint) continue;
    const minute = new Date(Math.floor(log.ts.getTime() / MINUTE_MS) * MINUTE_MS);
    const id = JSON.stringify([log.fingerprint, minute.toISOString(), log.service, log.host, log.level]);
    const bucket = buckets.get(id);
    if (bucket) bucket.count += 1;
    else
      buckets.set(id, {
        _id: id,
        fingerprint: log.fingerprint,
        minute,
        service: log.service,
        host: log.host,
        level: log.level,
        count: 1,
      });
  }
  return buckets;
}
