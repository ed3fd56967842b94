/**
 * `POST /ingest`'s work: a body of NDJSON (one record a line) or a JSON array of structured records. Each
 * record is parsed on its own; bad ones are reported as `{ index, reason }` and the good ones are stored in
 * batches, so one bad record never costs the good ones around it.
 */
import type { IngestParams, IngestResponse } from '@logcas/contract';
import { ValidationError } from '../errors';
import { parseStructuredRecord } from '../parse/structured';
import { zoneFormatter } from '../parse/time';
import type { Store } from '../store/connection';
import type { ParsedLog } from '../model/record';
import { IngestBatcher, type IngestResult } from './ingest';

/** Splits the body into records: a JSON array, or NDJSON lines (blank lines skipped). */
function splitRecords(text: string): Array<{ value?: unknown; error?: string }> {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new ValidationError('request body is empty; send NDJSON or a JSON array', 'body');
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new ValidationError(`request body is not a valid JSON array: ${(error as Error).message}`, 'body');
    }
    return (parsed as unknown[]).map((value) => ({ value }));
  }
  if (trimmed.startsWith('{') && trimmed.includes('\n')) {
    // One pretty-printed object spans lines; NDJSON fails this parse at its second record, cheaply.
    try {
      return [{ value: JSON.parse(trimmed) as unknown }];
    } catch {
      // NDJSON: read line by line below.
    }
  }
  return trimmed
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => {
      try {
        return { value: JSON.parse(line) as unknown };
      } catch (error) {
        return { error: `not valid JSON: ${(error as Error).message}` };
      }
    });
}

/**
 * Reads and stores one request body; `defaults` name the host and service of records that do not, and the
 * zone of their naive time strings. An unknown zone fails the whole request before anything is stored. A
 * record refused on the way in (see ingest/admit.ts) or by the database is listed in `rejected` like one that
 * could not be parsed; the records around it are stored.
 */
export async function ingestBody(store: Store, text: string, defaults: IngestParams = {}): Promise<IngestResponse> {
  const { host, service, timezone } = defaults;
  if (timezone !== undefined) zoneFormatter(timezone);
  const options = { host, service, timezone, channel: 'http' as const };
  const result: IngestResponse = { inserted: 0, duplicates: 0, rejected: [] };
  // Which body record each parsed record came from, for the rejections the batcher reports.
  const indexOf = new Map<ParsedLog, number>();
  const batcher = new IngestBatcher(store, {
    onRejected: (rejections) => {
      for (const { record, reason } of rejections) result.rejected.push({ index: indexOf.get(record) ?? -1, reason });
    },
  });
  const add = ({ inserted, duplicates }: IngestResult): void => {
    result.inserted += inserted;
    result.duplicates += duplicates;
  };
  for (const [index, item] of splitRecords(text).entries()) {
    if (item.error !== undefined) {
      result.rejected.push({ index, reason: item.error });
      continue;
    }
    try {
      // A record over the size cap comes in parts (parse/record-assembler.ts): all of them are this index.
      const parts = parseStructuredRecord(item.value, options);
      for (const part of parts) indexOf.set(part, index);
      batcher.add(parts);
    } catch (error) {
      result.rejected.push({ index, reason: (error as Error).message });
    }
    if (batcher.full) add(await batcher.storeFull());
  }
  add(await batcher.flush());
  // Parts of one record refused for the same reason are one rejection.
  const seen = new Set<string>();
  result.rejected = result.rejected
    .filter(({ index, reason }) => !seen.has(`${index}\n${reason}`) && seen.add(`${index}\n${reason}`))
    .sort((a, b) => a.index - b.index);
  return result;
}
