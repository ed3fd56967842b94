/**
 * The fields of a log record that say who and what it was about, with their JSON types: the one list the
 * parsers, the stored documents, the request summaries and the API's schemas are built from.
 */
export const CONTEXT_FIELD_TYPES = {
  requestId: 'string',
  globalRequestId: 'string',
  userId: 'string',
  projectId: 'string',
  domain: 'string',
  userDomain: 'string',
  projectDomain: 'string',
  userName: 'string',
  projectName: 'string',
  instance: 'string',
  remoteAddress: 'string',
  httpMethod: 'string',
  httpPath: 'string',
  httpStatus: 'integer',
  durationMs: 'number',
} as const;

export type ContextField = keyof typeof CONTEXT_FIELD_TYPES;
type JsonValue<T> = T extends 'string' ? string : number;

/** Identity and HTTP fields a record may carry; every one is null when unknown. */
export type LogContextFields = { [K in ContextField]: JsonValue<(typeof CONTEXT_FIELD_TYPES)[K]> | null };

/** Every context field, in the order records list them. */
export const CONTEXT_FIELDS = Object.keys(CONTEXT_FIELD_TYPES) as ContextField[];

/**
 * Context fields a request summary carries, taken from whichever of its logs knows them: all but the
 * request's own id (the summary's id), the instance (one request may touch several) and the per-line
 * duration (a summary has its own, end − start).
 */
export type SummaryContextField = Exclude<ContextField, 'requestId' | 'instance' | 'durationMs'>;
export const SUMMARY_CONTEXT_FIELDS = CONTEXT_FIELDS.filter(
  (field): field is SummaryContextField => field !== 'requestId' && field !== 'instance' && field !== 'durationMs',
);

/** A context with every field unknown; parsers spread it and fill what they find. */
export function emptyContext(): LogContextFields {
  const context = {} as Record<ContextField, null>;
  for (const field of CONTEXT_FIELDS) context[field] = null;
  return context;
}

/** Which copy of the data a query reads: the live collections (default) or the archive. */
export const COLLECTION_NAMES = ['live', 'archive'] as const;
export type CollectionName = (typeof COLLECTION_NAMES)[number];

export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** How `GET /requests` can sort. */
export const REQUEST_SORTS = ['start', 'end', 'duration', 'count', 'maxLevel'] as const;
export type RequestSort = (typeof REQUEST_SORTS)[number];

/** Fields `GET /values/:field` lists. */
export const VALUES_FIELDS = ['host', 'service', 'project', 'user', 'level'] as const;
export type ValuesField = (typeof VALUES_FIELDS)[number];

/** Log filters that take several values, matched as any of them (`host=a&host=b`). */
export const LIST_FILTERS = ['host', 'service', 'level', 'project', 'user'] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];

/**
 * Exclusions ("filter out value"): parameter → the filter whose values a log must not have. Every list
 * filter has one, and `instance`.
 */
export const EXCLUSION_PARAMS = {
  excludeHost: 'host',
  excludeService: 'service',
  excludeLevel: 'level',
  excludeProject: 'project',
  excludeUser: 'user',
  excludeInstance: 'instance',
} as const;
export type ExclusionParam = keyof typeof EXCLUSION_PARAMS;
export type ExcludableFilter = (typeof EXCLUSION_PARAMS)[ExclusionParam];
