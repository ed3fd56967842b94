/**
 * The record model inside the engine (docs/design.md, "Records"). `ParsedLog` is what a parser makes (no id
 * yet: ingestion gives the stable id); `StoredLog` is the MongoDB document. The API's `LogRecord`, the
 * context fields and the level table come from `@logcas/contract`, the one description of the HTTP API.
 */
import type { LogContextFields, LogSource, ResourceRef } from '@logcas/contract';

/** A record as a parser produces it: every field present (null when unknown), the time as a Date. */
export interface ParsedLog extends LogContextFields {
  ts: Date;
  level: number;
  levelName: string;
  host: string | null;
  service: string | null;
  logger: string | null;
  pid: number | null;
  message: string;
  traceback: string | null;
  source: LogSource;
  extra: Record<string, unknown> | null;
  /**
   * The exact source text (all lines of the record). Ingestion hashes it into the stable id;
   * it is not stored.
   */
  raw: string;
}

/** The MongoDB document of a log: `_id` is the stable id. */
export interface StoredLog extends Omit<ParsedLog, 'raw'> {
  _id: string;
  /** The error fingerprint of a WARNING+ record (classify/fingerprint.ts); null below WARNING. */
  fingerprint: string | null;
  /** The OpenStack resources the record names (classify/resources.ts), each once. */
  resources: ResourceRef[];
  /** When this process stored it; the archive reads what arrived since its last run by this. */
  ingestedAt: Date;
}
