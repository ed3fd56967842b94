/**
 * `GET /resources` (resources named by logs, failures first) and `GET /resources/:id` (one resource's
 * history: the requests that touched it, in time order). Also the resource kinds and the reference a log
 * record carries for each uuid it names.
 */
import { Type, type Static } from 'typebox';
import { closed, CollectionParam, ListParamsSchema, listResponse, TimeParam } from './common';
import { MAX_LIMIT } from './limits';

/** What a uuid named in a log is, when the text says (docs/fingerprints.md, "Resources"). */
export const RESOURCE_KINDS = [
  'instance',
  'volume',
  'snapshot',
  'backup',
  'attachment',
  'image',
  'port',
  'network',
  'subnet',
  'router',
  'floatingip',
  'security_group',
  'unknown',
] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export const ResourceRefSchema = Type.Object({ id: Type.String(), kind: Type.Enum(RESOURCE_KINDS) });
/** One resource a log record names: its lowercase uuid and kind. */
export type ResourceRef = Static<typeof ResourceRefSchema>;

/** How `GET /resources` can sort; `failures` = highest level first, then most error logs, then latest. */
export const RESOURCE_SORTS = ['failures', 'lastSeen', 'firstSeen', 'count'] as const;
export type ResourceSort = (typeof RESOURCE_SORTS)[number];

/** A uuid as the API takes it for a resource: any case, dashed. */
const ResourceIdParam = Type.String({
  pattern: '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$',
  description: 'the resource uuid',
});

export const ResourcesQuerySchema = Type.Object(
  {
    ...ListParamsSchema.properties,
    from: Type.Optional(TimeParam),
    to: Type.Optional(TimeParam),
    kind: Type.Optional(Type.Enum(RESOURCE_KINDS)),
    sort: Type.Optional(Type.Enum(RESOURCE_SORTS, { description: 'failures (default), lastSeen, firstSeen, count' })),
  },
  closed,
);
/** Resources seen in from–to (first seen ≤ to, last seen ≥ from); `order` defaults to desc. */
export type ResourcesParams = Static<typeof ResourcesQuerySchema>;

export const ResourceSummarySchema = Type.Object({
  id: Type.String(),
  /** The kind the logs told; `unknown` when none did. */
  kind: Type.Enum(RESOURCE_KINDS),
  /** Every kind some log told (more than one only for a uuid texts disagree on). */
  kinds: Type.Array(Type.Enum(RESOURCE_KINDS)),
  firstSeen: Type.String(),
  lastSeen: Type.String(),
  /** Logs that name it. */
  count: Type.Integer(),
  levelCounts: Type.Record(Type.String(), Type.Integer()),
  maxLevel: Type.Integer(),
  maxLevelName: Type.String(),
  /** Logs at ERROR or above that name it. */
  errorCount: Type.Integer(),
  /** Distinct requests whose logs name it. */
  requestCount: Type.Integer(),
  services: Type.Array(Type.String()),
  hosts: Type.Array(Type.String()),
});
export type ResourceSummary = Static<typeof ResourceSummarySchema>;

export const ResourcesResponseSchema = listResponse(ResourceSummarySchema);

export const ResourceIdParamsSchema = Type.Object({ id: ResourceIdParam }, closed);

export const ResourceDetailQuerySchema = Type.Object(
  {
    collection: Type.Optional(CollectionParam),
    from: Type.Optional(TimeParam),
    to: Type.Optional(TimeParam),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_LIMIT, description: `most requests returned, default ${MAX_LIMIT}` }),
    ),
  },
  closed,
);
export type ResourceDetailParams = Static<typeof ResourceDetailQuerySchema>;

/** How a request ended: `error` (a log at ERROR+ or HTTP 5xx), `warning` (WARNING or HTTP 4xx), else `ok`. */
export const REQUEST_OUTCOMES = ['ok', 'warning', 'error'] as const;
export type RequestOutcome = (typeof REQUEST_OUTCOMES)[number];

export const ResourceRequestSchema = Type.Object({
  requestId: Type.String(),
  /** The request's lifetime (its summary); when it has none yet, the first and last log naming the resource. */
  start: Type.String(),
  end: Type.String(),
  durationMs: Type.Number(),
  /** `METHOD path` of the API call when a log told it, else the first service's name. */
  operation: Type.String(),
  outcome: Type.Enum(REQUEST_OUTCOMES),
  httpStatus: Type.Union([Type.Integer(), Type.Null()]),
  maxLevel: Type.Integer(),
  maxLevelName: Type.String(),
  services: Type.Array(Type.String()),
  hosts: Type.Array(Type.String()),
  /** First and last log of the request that named the resource. */
  firstMention: Type.String(),
  lastMention: Type.String(),
});
export type ResourceRequest = Static<typeof ResourceRequestSchema>;

export const ResourceDetailResponseSchema = Type.Object({
  resource: ResourceSummarySchema,
  /** The requests that touched it, by first mention, oldest first. */
  requests: Type.Array(ResourceRequestSchema),
  /** True when there were more than `limit`. */
  truncated: Type.Boolean(),
});
export type ResourceDetailResponse = Static<typeof ResourceDetailResponseSchema>;
