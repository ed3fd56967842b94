/**
 * The parser contract. Parsers are pure: text or objects in, `ParsedLog` out, no I/O, no database.
 * Implementations: oslo-text (with wrappers: journald, container prefixes, ANSI), oslo-json, fluent-record,
 * legacy-logcas (2013 documents).
 */
import type { ParsedLog } from '../model/record';
import type { RecordLimits } from './record-assembler';

export interface TextParseOptions {
  /** Host name to record when the line itself does not name one (journald exports do). */
  host?: string;
  /** Service (program) name, e.g. from the file name; a wrapper naming one (journald, container) wins. */
  service?: string;
  /** IANA zone the text timestamps are written in; default UTC. */
  timezone?: string;
  /** File path recorded in `source.file`. */
  file?: string;
  /**
   * Time given to a record whose text has none (a first line that fits no format); later such lines take
   * the time of the record before them. Default: the epoch. File ingestion may pass the file's mtime.
   */
  fallbackTime?: Date;
  /**
   * Year of syslog-style timestamps that omit it (journald `short` export: `Jan 25 09:30:44`).
   * Default: the year of `fallbackTime`, else the current year.
   */
  year?: number;
  /** How large a record may grow before the rest continues in split parts (default RECORD_LIMITS). */
  limits?: RecordLimits;
}

/**
 * A stateful text parser for one stream (one file). Multi-line records (tracebacks, continuation lines,
 * RESP BODY dumps) are folded into the record that started them, so a record is complete only when the
 * next record starts: `push` returns the records completed by this line, `flush` the pending one at the end.
 * The arrays returned belong to the caller.
 */
export interface TextLogParser {
  /** `offset` is the byte offset of the line's first byte in the stream (recorded in `source.offset`). */
  push(line: string, offset: number): ParsedLog[];
  /** Completes and returns the pending record, if any (end of file, or a pause in `--follow`). */
  flush(): ParsedLog[];
  /** Byte offset where the pending (not yet returned) record starts, or null when nothing is pending. */
  pendingOffset(): number | null;
}

/** Defaults for structured records that lack a field (e.g. an HTTP ingest with `?host=`). */
export interface StructuredParseOptions {
  host?: string;
  service?: string;
  channel?: 'http' | 'forward' | 'import';
  /**
   * IANA zone of naive time strings (FluentFormatter's `time`, JSONFormatter's `asctime`), used when the
   * record has no exact time (`created`, a zoned string) and `eventTime` does not decide; default UTC.
   */
  timezone?: string;
  /**
   * The time the record travelled with, e.g. a forward entry's; it wins over a naive time string in the
   * record (whose milliseconds it takes when it has whole seconds only). Unset or the epoch: none.
   */
  eventTime?: Date;
  /** How large a record may grow before the rest continues in split parts (default RECORD_LIMITS). */
  limits?: RecordLimits;
}
