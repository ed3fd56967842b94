/**
 * `GET /errors` (error fingerprints seen in a range, top first, with a sparkline each) and
 * `GET /errors/:fingerprint` (one fingerprint: its summary, requests, records and series).
 * The fingerprint rule: docs/fingerprints.md.
 */
import { Type, type Static } from 'typebox';
import {
  closed,
  CollectionParam,
  LevelParam,
  ListParamsSchema,
  listResponse,
  TimeParam,
  ValueListParam,
} from './common';
import { MAX_LIMIT } from './limits';
import { LogRecordSchema, RequestSummarySchema } from './records';

/** How `GET /errors` can sort; `order` defaults to desc (most, latest, newest first). */
export const ERROR_SORTS = ['count', 'lastSeen', 'firstSeen'] as const;
export type ErrorSort = (typeof ERROR_SORTS)[number];

/** Points of an error's sparkline: default and most. */
export const DEFAULT_SPARK_POINTS = 30;
export const MAX_SPARK_POINTS = 200;

const FingerprintParam = Type.String({ pattern: '^[0-9a-f]{16}$', description: '16 hex characters' });

export const ErrorsQuerySchema = Type.Object(
  {
    ...ListParamsSchema.properties,
    from: Type.Optional(TimeParam),
    to: Type.Optional(TimeParam),
    minLevel: Type.Optional(LevelParam),
    host: Type.Optional(ValueListParam),
    service: Type.Optional(ValueListParam),
    sort: Type.Optional(Type.Enum(ERROR_SORTS, { description: 'count (default), lastSeen or firstSeen' })),
    newOnly: Type.Optional(Type.Boolean({ description: 'only fingerprints first seen inside from–to' })),
    points: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_SPARK_POINTS,
        description: `sparkline points, default ${DEFAULT_SPARK_POINTS}`,
      }),
    ),
  },
  closed,
);
export type ErrorsParams = Static<typeof ErrorsQuerySchema>;

/** Counts over equal steps of a time range. */
export const ErrorSeriesSchema = Type.Object({
  from: Type.String(),
  /** Milliseconds per point. */
  stepMs: Type.Integer(),
  counts: Type.Array(Type.Integer()),
});
export type ErrorSeries = Static<typeof ErrorSeriesSchema>;

/** What an error keeps of its sample record; the message may be cut. */
export const ErrorSampleSchema = Type.Object({
  id: Type.String(),
  ts: Type.String(),
  level: Type.Integer(),
  levelName: Type.String(),
  host: Type.Union([Type.String(), Type.Null()]),
  service: Type.Union([Type.String(), Type.Null()]),
  logger: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  message: Type.String(),
});
export type ErrorSample = Static<typeof ErrorSampleSchema>;

export const ErrorSummarySchema = Type.Object({
  fingerprint: Type.String(),
  kind: Type.Enum(['traceback', 'message']),
  /** One line: `exception in file:function`, or `logger: template`. */
  title: Type.String(),
  exception: Type.Union([Type.String(), Type.Null()]),
  location: Type.Union([Type.String(), Type.Null()]),
  template: Type.Union([Type.String(), Type.Null()]),
  loggers: Type.Array(Type.String()),
  /** Occurrences in the asked range and filters. */
  count: Type.Integer(),
  /** Occurrences ever (in this collection). */
  totalCount: Type.Integer(),
  levelCounts: Type.Record(Type.String(), Type.Integer()),
  maxLevel: Type.Integer(),
  maxLevelName: Type.String(),
  firstSeen: Type.String(),
  lastSeen: Type.String(),
  /** First seen inside the asked range. */
  isNew: Type.Boolean(),
  services: Type.Array(Type.String()),
  hosts: Type.Array(Type.String()),
  /** Distinct requests with a record of this fingerprint. */
  requestCount: Type.Integer(),
  /** The record with the smallest id: the same whatever order records arrived in. */
  sample: ErrorSampleSchema,
  spark: ErrorSeriesSchema,
});
export type ErrorSummary = Static<typeof ErrorSummarySchema>;

export const ErrorsResponseSchema = listResponse(ErrorSummarySchema);

export const FingerprintParamsSchema = Type.Object({ fingerprint: FingerprintParam }, closed);

export const ErrorDetailQuerySchema = Type.Object(
  {
    collection: Type.Optional(CollectionParam),
    from: Type.Optional(TimeParam),
    to: Type.Optional(TimeParam),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_LIMIT, description: `most records and requests, default 100` }),
    ),
    points: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SPARK_POINTS })),
  },
  closed,
);
export type ErrorDetailParams = Static<typeof ErrorDetailQuerySchema>;

export const ErrorDetailResponseSchema = Type.Object({
  error: ErrorSummarySchema,
  /** Requests with a record of it, latest first. */
  requests: Type.Array(RequestSummarySchema),
  /** Its records, latest first. */
  records: Type.Array(LogRecordSchema),
  series: ErrorSeriesSchema,
});
export type ErrorDetailResponse = Static<typeof ErrorDetailResponseSchema>;
