/** `GET /requests` (request list) and `GET /requests/:requestId` (request detail). */
import { Type, type Static } from 'typebox';
import {
  closed,
  CollectionParam,
  LevelParam,
  ListParamsSchema,
  listResponse,
  timeParam,
  ValueListParam,
} from './common';
import { REQUEST_SORTS } from './fields';
import { MAX_ID_LENGTH, MAX_LIMIT, MAX_RELATED_REQUESTS } from './limits';
import { LogRecordSchema, RequestSummarySchema } from './records';

export const RequestsQuerySchema = Type.Object(
  {
    ...ListParamsSchema.properties,
    from: Type.Optional(timeParam('requests that end at or after it; not after to')),
    to: Type.Optional(timeParam('requests that start at or before it')),
    minLevel: Type.Optional(LevelParam),
    host: Type.Optional(ValueListParam),
    service: Type.Optional(ValueListParam),
    project: Type.Optional(ValueListParam),
    user: Type.Optional(ValueListParam),
    userOnly: Type.Optional(Type.Boolean({ description: 'only requests with a user id (default true)' })),
    sort: Type.Optional(Type.Enum(REQUEST_SORTS)),
  },
  closed,
);
export type RequestsParams = Static<typeof RequestsQuerySchema>;

export const RequestsResponseSchema = listResponse(RequestSummarySchema);

export const RequestIdParamsSchema = Type.Object(
  { requestId: Type.String({ minLength: 1, maxLength: MAX_ID_LENGTH }) },
  closed,
);

export const RequestDetailQuerySchema = Type.Object(
  {
    collection: Type.Optional(CollectionParam),
    minLevel: Type.Optional(LevelParam),
    host: Type.Optional(ValueListParam),
    includeRelated: Type.Optional(
      Type.Boolean({
        description: `also the logs of the related requests (up to ${MAX_RELATED_REQUESTS}), in the same list (default false)`,
      }),
    ),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_LIMIT, description: `most logs returned, default ${MAX_LIMIT}` }),
    ),
  },
  closed,
);
/** Options of the request detail; the log list pages through more logs than `limit` with `requestId`. */
export type RequestDetailParams = Static<typeof RequestDetailQuerySchema>;

export const RequestDetailResponseSchema = Type.Object({
  request: RequestSummarySchema,
  /** The request's logs in time order; with `includeRelated`, its related requests' logs among them. */
  logs: Type.Array(LogRecordSchema),
  /** The requests linked to it by global request ids. */
  related: Type.Array(RequestSummarySchema),
  /** True when `limit` cut the logs (the request has more). */
  truncated: Type.Optional(Type.Boolean()),
});
export type RequestDetailResponse = Static<typeof RequestDetailResponseSchema>;
