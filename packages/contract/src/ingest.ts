/** `POST /ingest`: structured records as NDJSON or a JSON array. */
import { Type, type Static } from 'typebox';
import { closed, ValueParam } from './common';

/** Defaults for records that do not name their host or service, and the zone of naive time strings. */
export const IngestQuerySchema = Type.Object(
  {
    host: Type.Optional(ValueParam),
    service: Type.Optional(ValueParam),
    timezone: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: 'IANA zone of time strings without a zone in the records (default UTC), e.g. Europe/Berlin',
      }),
    ),
  },
  closed,
);
export type IngestParams = Static<typeof IngestQuerySchema>;

export const IngestResponseSchema = Type.Object({
  inserted: Type.Integer(),
  duplicates: Type.Integer(),
  /** Records that could not be read, by their 0-based position in the body. */
  rejected: Type.Array(Type.Object({ index: Type.Integer(), reason: Type.String() })),
});
export type IngestResponse = Static<typeof IngestResponseSchema>;

/** NDJSON or plain text: at least one character that is not blank. */
const TextBody = Type.String({ minLength: 1, pattern: '\\S', description: 'one JSON record a line (NDJSON)' });

/**
 * The request body by content type. Any other content type is read as text the same way; an empty or blank
 * body is a 400 and a body over 16 MiB a 413.
 */
export const IngestBodySchema = {
  content: {
    'application/x-ndjson': { schema: TextBody },
    'text/plain': { schema: TextBody },
    'application/json': {
      schema: Type.Unknown({ description: 'a JSON array of records, or one record (an object)' }),
    },
  },
};
