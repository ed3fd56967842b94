/**
 * ParsedLog → StoredLog: admitted (ingest/admit.ts), the stable id, secrets masked once, the error fingerprint
 * and the resources named (read from the masked text, so a secret never reaches a template), the raw text
 * dropped. Pure.
 */
import { errorSignature } from '../classify/fingerprint';
import { extractResources } from '../classify/resources';
import type { ParsedLog, StoredLog } from '../model/record';
import { redactSecrets, redactText } from '../model/redact';
import { admitRecord } from './admit';
import type { OccurrenceCounter } from './stable-id';

/** A record that was not stored, and why. */
export interface Rejection {
  record: ParsedLog;
  /** The stable id it would have had. */
  id: string;
  reason: string;
}

/** A batch ready to write: `docs[i]` was made from `records[i]`; refused records are in `rejected`. */
export interface PreparedBatch {
  docs: StoredLog[];
  records: ParsedLog[];
  rejected: Rejection[];
}

/**
 * Builds the documents of a batch. The counter numbers identical texts within the stream, so it must see
 * the records in stream order (refused ones too, so numbering never depends on what was refused);
 * `ingestedAt` is shared by the whole batch and is also the "now" of the time window.
 */
export function prepareLogs(
  records: readonly ParsedLog[],
  counter: OccurrenceCounter,
  ingestedAt: Date,
): PreparedBatch {
  const batch: PreparedBatch = { docs: [], records: [], rejected: [] };
  for (const original of records) {
    const id = counter.nextId(original);
    const admitted = admitRecord(original, ingestedAt.getTime());
    if (admitted.reason !== undefined) {
      batch.rejected.push({ record: original, id, reason: admitted.reason });
      continue;
    }
    const { raw: _raw, ...record } = admitted.record;
    const message = redactText(record.message);
    const traceback = record.traceback === null ? null : redactText(record.traceback);
    const masked = { ...record, message, traceback };
    batch.records.push(original);
    batch.docs.push({
      _id: id,
      ...masked,
      extra: record.extra === null ? null : redactSecrets(record.extra),
      fingerprint: errorSignature(masked)?.fingerprint ?? null,
      resources: extractResources(masked),
      ingestedAt,
    });
  }
  return batch;
}
