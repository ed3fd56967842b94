/**
 * ParsedLog → StoredLog: the stable id, secrets masked once, the error fingerprint and the resources named
 * (read from the masked text, so a secret never reaches a template), the raw text dropped. Pure.
 */
import { errorSignature } from '../classify/fingerprint';
import { extractResources } from '../classify/resources';
import type { ParsedLog, StoredLog } from '../model/record';
import { redactSecrets, redactText } from '../model/redact';
import type { OccurrenceCounter } from './stable-id';

/**
 * Builds the documents of a batch. The counter numbers identical texts within the stream, so it must see
 * the records in stream order; `ingestedAt` is shared by the whole batch.
 */
export function prepareLogs(records: readonly ParsedLog[], counter: OccurrenceCounter, ingestedAt: Date): StoredLog[] {
  const docs: StoredLog[] = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const { raw: _raw, ...record } = records[i] as ParsedLog;
    const message = redactText(record.message);
    const traceback = record.traceback === null ? null : redactText(record.traceback);
    const masked = { ...record, message, traceback };
    docs[i] = {
      _id: counter.nextId(records[i] as ParsedLog),
      ...masked,
      extra: record.extra === null ? null : redactSecrets(record.extra),
      fingerprint: errorSignature(masked)?.fingerprint ?? null,
      resources: extractResources(masked),
      ingestedAt,
    };
  }
  return docs;
}
