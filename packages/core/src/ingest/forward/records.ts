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
  timezone?: string | undefined;
  /** The connection's numbering of identical records, told which records came in a chunk. */
  occurrences?: ForwardOccurrences;
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
  if (message.chunk !== null) options.occurrences?.chunk(message.chunk, records);
  return { records, rejected };
}

/**
 * How one connection numbers identical records (same text, same millisecond): records of messages without a
 * chunk id (oslo's Fluent handler sends each record so) are one stream, the connection's, so identical records
 * in it are told apart; the records of a chunk, which a client delivers again until it is acknowledged, are
 * numbered on their own, so a redelivered chunk gets the same ids and adds nothing.
 */
export class ForwardOccurrences extends OccurrenceCounter {
  private readonly chunks = new WeakMap<object, OccurrenceCounter>();
  private readonly open = new Map<string, OccurrenceCounter>();

  /** Marks records of the chunk `id` (a large chunk arrives in several slices). */
  chunk(id: string, records: readonly ParsedLog[]): void {
    let counter = this.open.get(id);
    if (counter === undefined) {
      counter = new OccurrenceCounter();
      this.open.set(id, counter);
    }
    for (const record of records) this.chunks.set(record, counter);
  }

  /** The chunk `id` was stored and acknowledged: a redelivery of it is numbered from the start again. */
  acknowledged(id: string): void {
    this.open.delete(id);
  }

  override nextId(record: Pick<ParsedLog, 'host' | 'service' | 'ts' | 'raw'>): string {
    return this.chunks.get(record)?.nextId(record) ?? super.nextId(record);
  }
}
