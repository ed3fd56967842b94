/** Forward entries → ParsedLog through the structured-record parser; bad records are reported, never thrown. */
import type { ParsedLog } from '../../model/record';
import { normaliseServiceName } from '../../parse/service-name';
import { parseStructuredRecord } from '../../parse/structured';
import { OccurrenceCounter } from '../stable-id';
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

/**
 * How one connection numbers identical records (same text, same millisecond): a message without a chunk id
 * (oslo's Fluent handler sends each record so) is part of the connection's stream, so identical records in
 * it are told apart; a chunk, which a client delivers again until it is acknowledged, is numbered on its
 * own, so a redelivered chunk gets the same ids and adds nothing.
 */
export class ForwardOccurrences {
  private readonly connection = new OccurrenceCounter();

  /** The counter for one message's records. */
  of(message: ForwardMessage): OccurrenceCounter {
    return message.chunk === null ? this.connection : new OccurrenceCounter();
  }
}
