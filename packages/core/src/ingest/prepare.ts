/** ParsedLog → StoredLog: the stable id, secrets masked once, the raw text dropped. Pure. */
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
    docs[i] = {
      _id: counter.nextId(records[i] as ParsedLog),
      ...record,
      message: redactText(record.message),
      traceback: record.traceback === null ? null : redactText(record.traceback),
      extra: record.extra === null ? null : redactSecrets(record.extra),
      ingestedAt,
    };
  }
  return docs;
}
