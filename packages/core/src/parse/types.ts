/**
 * The parser contract. Parsers are pure: text or objects in, `ParsedLog` out, no I/O, no database.
 * Implementations: oslo-text (with wrappers: journald, container prefixes, ANSI), oslo-json, fluent-record,
 * legacy-logcas (2013 documents).
 */
import type { ParsedLog } from '../model/record';

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
}

/**
 * A stateful text parser for one stream (one file). Multi-line records (tracebacks, continuation lines,
 * RESP BODY dumps) are folded into the record that started them, so a record is complete only when the
 * next record starts: `push` returns the records completed by this line, `flush` the pending one at the end.
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
  /** IANA zone of naive time strings (FluentFormatter's `time`, JSONFormatter's `asctime`); default UTC. */
  timezone?: string;
}
