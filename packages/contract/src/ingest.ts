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
