/**
 * The record model (SPEC §3). `LogRecord` is what the API returns; `ParsedLog` is what a parser makes
 * (no id yet: ingestion gives the stable id); `StoredLog` is the MongoDB document.
 */

/** Where a record came from: a file and the byte offset of its first line, or an ingest channel. */
export interface LogSource {
  file?: string;
  offset?: number;
  channel?: 'file' | 'http' | 'forward' | 'demo' | 'import';
}

/** Identity and HTTP fields a record may carry; every one is null when unknown. */
export interface LogContextFields {
  requestId: string | null;
  globalRequestId: string | null;
  userId: string | null;
  projectId: string | null;
  domain: string | null;
  userDomain: string | null;
  projectDomain: string | null;
  userName: string | null;
  projectName: string | null;
  instance: string | null;
  remoteAddress: string | null;
  httpMethod: string | null;
  httpPath: string | null;
  httpStatus: number | null;
  durationMs: number | null;
}

/** A record as a parser produces it: everything but the id, with the time as a Date. */
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

/** A record as the API returns it (JSON). */
export interface LogRecord extends Omit<ParsedLog, 'ts' | 'raw'> {
  id: string;
  /** ISO 8601 UTC with milliseconds. */
  ts: string;
}

/** The MongoDB document of a log: `_id` is the stable id. */
export interface StoredLog extends Omit<ParsedLog, 'raw'> {
  _id: string;
  /** When this process stored it; the archive reads what arrived since its last run by this. */
  ingestedAt: Date;
}

/** Every context field, for code that copies or checks them all. */
export const CONTEXT_FIELDS = [
  'requestId',
  'globalRequestId',
  'userId',
  'projectId',
  'domain',
  'userDomain',
  'projectDomain',
  'userName',
  'projectName',
  'instance',
  'remoteAddress',
  'httpMethod',
  'httpPath',
  'httpStatus',
  'durationMs',
] as const satisfies ReadonlyArray<keyof LogContextFields>;

/** A context with every field unknown; parsers spread it and fill what they find. */
export function emptyContext(): LogContextFields {
  return {
    requestId: null,
    globalRequestId: null,
    userId: null,
    projectId: null,
    domain: null,
    userDomain: null,
    projectDomain: null,
    userName: null,
    projectName: null,
    instance: null,
    remoteAddress: null,
    httpMethod: null,
    httpPath: null,
    httpStatus: null,
    durationMs: null,
  };
}
