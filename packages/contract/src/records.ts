/** The records the API returns: a log, and a request's summary. */
import { Type, type Static } from 'typebox';
import { nullable, optionalNullables } from './common';
import { ResourceRefSchema } from './resources';
import { CONTEXT_FIELD_TYPES, CONTEXT_FIELDS, SUMMARY_CONTEXT_FIELDS } from './fields';

/** Where a record came from: a file and the byte offset of its first line, or an ingest channel. */
export const LogSourceSchema = Type.Object(
  {
    file: Type.Optional(Type.String()),
    offset: Type.Optional(Type.Integer()),
    channel: Type.Optional(Type.Enum(['file', 'http', 'forward', 'demo', 'import'])),
  },
  { additionalProperties: true },
);
export type LogSource = Static<typeof LogSourceSchema>;

const str = () => Type.Optional(nullable('string'));

export const LogRecordSchema = Type.Object(
  {
    id: Type.String(),
    ts: Type.String({ description: 'ISO 8601 UTC with milliseconds' }),
    level: Type.Integer(),
    levelName: Type.String(),
    host: str(),
    service: str(),
    logger: str(),
    pid: Type.Optional(nullable('integer')),
    message: Type.String(),
    traceback: str(),
    ...optionalNullables(CONTEXT_FIELD_TYPES, CONTEXT_FIELDS),
    /** The error fingerprint of a WARNING+ record (docs/fingerprints.md). */
    fingerprint: str(),
    /** The OpenStack resources the record names. */
    resources: Type.Optional(Type.Array(ResourceRefSchema)),
    source: Type.Optional(LogSourceSchema),
    extra: Type.Optional(
      Type.Unsafe<Record<string, unknown> | null>({ type: ['object', 'null'], additionalProperties: true }),
    ),
  },
  // Fields a future producer stores still reach the client.
  { additionalProperties: true },
);
/** One log as the API returns it. Optional fields may be missing from documents of older producers. */
export type LogRecord = Static<typeof LogRecordSchema>;

export const RequestSummarySchema = Type.Object(
  {
    requestId: Type.String(),
    /** ISO 8601 UTC. */
    start: Type.String(),
    end: Type.String(),
    durationMs: Type.Number(),
    count: Type.Integer(),
    /** Count of logs per level name, e.g. `{ INFO: 12, ERROR: 1 }`. */
    levelCounts: Type.Optional(Type.Record(Type.String(), Type.Integer())),
    maxLevel: Type.Integer(),
    maxLevelName: Type.String(),
    services: Type.Optional(Type.Array(Type.String())),
    hosts: Type.Optional(Type.Array(Type.String())),
    ...optionalNullables(CONTEXT_FIELD_TYPES, SUMMARY_CONTEXT_FIELDS),
  },
  { additionalProperties: true },
);
/**
 * One request id's summary, derived from its logs. `levelCounts`, `services` and `hosts` may be missing
 * from a summary an older producer wrote.
 */
export type RequestSummary = Static<typeof RequestSummarySchema>;
