/** Forward entries → ParsedLog through the structured-record parser; bad records are reported, never thrown. */
import type { ParsedLog } from '../../model/record';
import { parseStructuredRecord } from '../../parse/structured';
import type { ForwardMessage } from './protocol';

export interface ParsedEntries {
  records: ParsedLog[];
  rejected: string[];
}

const TIME_FIELDS = ['time', 'created', 'asctime', 'timestamp', '@timestamp'];

/** Default service for a tag: its last dot-separated part (`openstack.nova-compute` → `nova-compute`). */
export function serviceFromTag(tag: string): string | undefined {
  const last = tag.split('.').pop();
  return last && last.length > 0 ? last : undefined;
}

export function parseEntries(message: ForwardMessage, tagService: (tag: string) => string | undefined): ParsedEntries {
  const records: ParsedLog[] = [];
  const rejected = [...message.invalid];
  const service = tagService(message.tag);
  for (const entry of message.entries) {
    // oslo's FluentFormatter writes its own `time`; a record without one takes the event time.
    const record = TIME_FIELDS.some((field) => entry.record[field] !== undefined && entry.record[field] !== null)
      ? entry.record
      : { ...entry.record, time: entry.time.toISOString() };
    try {
      records.push(parseStructuredRecord(record, { channel: 'forward', ...(service ? { service } : {}) }));
    } catch (error) {
      rejected.push((error as Error).message);
    }
  }
  return { records, rejected };
}
