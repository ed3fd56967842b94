/** Forward entries → ParsedLog through the structured-record parser; bad records are reported, never thrown. */
import type { ParsedLog } from '../../model/record';
import { normaliseServiceName } from '../../parse/service-name';
import { parseStructuredRecord } from '../../parse/structured';
import type { ForwardMessage } from './protocol';

export interface ParsedEntries {
  records: ParsedLog[];
  rejected: string[];
}

/** How a listener reads its entries. */
export interface ForwardRecordOptions {
  /** IANA zone of naive record times, for entries that carry no time of their own (0); default UTC. */
  timezone?: string;
}

/**
 * Default service for a tag: its last dot-separated part, normalised (`openstack.nova-compute` →
 * `nova-compute`, `openstack.wsgi-placement-api` → `placement-api`).
 */
export function serviceFromTag(tag: string): string | undefined {
  const last = tag.split('.').pop();
  return last && last.length > 0 ? normaliseServiceName(last) : undefined;
}

/**
 * Each entry's record, read with the entry's time as its event time: oslo's FluentFormatter writes a local
 * time without a zone, the entry carries the epoch (see parseStructuredRecord).
 */
export function parseEntries(
  message: ForwardMessage,
  tagService: (tag: string) => string | undefined,
  options: ForwardRecordOptions = {},
): ParsedEntries {
  const records: ParsedLog[] = [];
  const rejected = [...message.invalid];
  const service = tagService(message.tag);
  for (const entry of message.entries) {
    try {
      const parsed = parseStructuredRecord(entry.record, {
        channel: 'forward',
        eventTime: entry.time,
        ...(service ? { service } : {}),
        ...(options.timezone ? { timezone: options.timezone } : {}),
      });
      records.push(...parsed);
    } catch (error) {
      rejected.push((error as Error).message);
    }
  }
  return { records, rejected };
}
