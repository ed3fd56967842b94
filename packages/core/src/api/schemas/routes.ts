/** Querystring, params and response schemas of every route; handler types come from these. */
import { Type } from 'typebox';
import { LogRecordSchema, RequestSummarySchema } from './records';
import { CollectionParam, LevelParam, ListParamsSchema, TimeParam, ValueParam, listResponse } from './common';

const closed = { additionalProperties: false } as const;

const LogFilters = {
  from: Type.Optional(TimeParam),
  to: Type.Optional(TimeParam),
  minLevel: Type.Optional(LevelParam),
  host: Type.Optional(ValueParam),
  service: Type.Optional(ValueParam),
  requestId: Type.Optional(ValueParam),
  globalRequestId: Type.Optional(ValueParam),
  instance: Type.Optional(ValueParam),
  project: Type.Optional(ValueParam),
  user: Type.Optional(ValueParam),
  q: Type.Optional(
    Type.String({ minLength: 1, maxLength: 512, description: 'case-insensitive literal substring of the message' }),
  ),
  around: Type.Optional(TimeParam),
  span: Type.Optional(Type.Integer({ minimum: 1, maximum: 3600, description: 'seconds around `around`, default 60' })),
};

export const LogsQuery = Type.Object({ ...ListParamsSchema, ...LogFilters }, closed);
export const LogsResponse = listResponse(LogRecordSchema);

export const LogIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) }, closed);
export const CollectionQuery = Type.Object({ collection: Type.Optional(CollectionParam) }, closed);

export const RequestsQuery = Type.Object(
  {
    ...ListParamsSchema,
    from: Type.Optional(TimeParam),
    to: Type.Optional(TimeParam),
    minLevel: Type.Optional(LevelParam),
    host: Type.Optional(ValueParam),
    service: Type.Optional(ValueParam),
    project: Type.Optional(ValueParam),
    user: Type.Optional(ValueParam),
    userOnly: Type.Optional(Type.Boolean({ description: 'only requests with a user id (default true)' })),
    sort: Type.Optional(Type.Enum(['start', 'end', 'duration', 'count', 'maxLevel'])),
  },
  closed,
);
export const RequestsResponse = listResponse(RequestSummarySchema);

export const RequestIdParams = Type.Object({ requestId: Type.String({ minLength: 1, maxLength: 200 }) }, closed);
export const RequestDetailQuery = Type.Object(
  {
    collection: Type.Optional(CollectionParam),
    minLevel: Type.Optional(LevelParam),
    host: Type.Optional(ValueParam),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, description: 'most logs returned, default 5000' })),
  },
  closed,
);
export const RequestDetailResponse = Type.Object({
  request: RequestSummarySchema,
  logs: Type.Array(LogRecordSchema),
  related: Type.Array(RequestSummarySchema),
});

export const VolumeQuery = Type.Object(
  {
    ...LogFilters,
    collection: Type.Optional(CollectionParam),
    step: Type.Optional(Type.Integer({ minimum: 1, maximum: 2678400, description: 'seconds per bucket' })),
  },
  closed,
);
export const VolumeResponse = Type.Object({
  from: Type.String(),
  to: Type.String(),
  step: Type.Integer(),
  levels: Type.Array(Type.String()),
  buckets: Type.Array(Type.Object({ ts: Type.String(), counts: Type.Record(Type.String(), Type.Integer()) })),
});

export const ValuesParams = Type.Object({ field: Type.Enum(['host', 'service', 'project', 'user', 'level']) }, closed);
export const ValuesQuery = Type.Object(
  { from: Type.Optional(TimeParam), to: Type.Optional(TimeParam), collection: Type.Optional(CollectionParam) },
  closed,
);
export const ValuesResponse = Type.Object({
  field: Type.String(),
  values: Type.Array(Type.Union([Type.String(), Type.Number()])),
});

export const IngestQuery = Type.Object(
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
export const IngestResponse = Type.Object({
  inserted: Type.Integer(),
  duplicates: Type.Integer(),
  rejected: Type.Array(Type.Object({ index: Type.Integer(), reason: Type.String() })),
});

export const ArchiveResponse = Type.Object({
  logsCopied: Type.Integer(),
  requestsCopied: Type.Integer(),
  triggers: Type.Integer(),
  durationMs: Type.Number(),
});

export const HealthResponse = Type.Object({
  status: Type.Enum(['ok', 'degraded']),
  database: Type.Enum(['up', 'down']),
  version: Type.String(),
});

export const EmptyQuery = Type.Object({}, closed);
