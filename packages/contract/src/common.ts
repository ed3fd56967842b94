/**
 * Schema pieces every route group uses. Query strings are text on the wire: AJV coerces integers and
 * booleans, and `additionalProperties: false` (see `closed`) makes an unknown or misspelt parameter a 400.
 */
import { Type, type Static, type TOptional, type TSchema, type TUnsafe } from 'typebox';
import { COLLECTION_NAMES, SORT_ORDERS } from './fields';
import { CURSOR_PATTERN, LEVEL_PATTERN, TIME_PATTERN } from './patterns';
import {
  DEFAULT_LIMIT,
  MAX_CURSOR_LENGTH,
  MAX_FILTER_VALUES,
  MAX_LEVEL_LENGTH,
  MAX_LIMIT,
  MAX_PAGE,
  MAX_TIME_LENGTH,
  MAX_VALUE_LENGTH,
} from './limits';

/** Options of a parameter object that rejects parameters it does not declare. */
export const closed = { additionalProperties: false } as const;

/**
 * A time: ISO 8601 or epoch milliseconds. On the wire it is text; a library caller may pass the number, so
 * the type says both while the schema checks the text the server receives.
 */
const TIME_DESCRIPTION = 'ISO 8601 date or time (UTC when no offset), or epoch milliseconds';

/** A time parameter whose description adds `note` (how it combines with the others). */
export function timeParam(note?: string): TUnsafe<string | number> {
  return Type.Unsafe<string | number>({
    type: 'string',
    minLength: 1,
    maxLength: MAX_TIME_LENGTH,
    pattern: TIME_PATTERN,
    description: note ? `${TIME_DESCRIPTION}; ${note}` : TIME_DESCRIPTION,
  });
}

export const TimeParam = timeParam();

/** A level name or number (text on the wire, like a time). */
export const LevelParam = Type.Unsafe<string | number>({
  type: 'string',
  minLength: 1,
  maxLength: MAX_LEVEL_LENGTH,
  pattern: LEVEL_PATTERN,
  description: 'level name (TRACE DEBUG INFO AUDIT WARNING/WARN ERROR CRITICAL/FATAL, any case) or number 0-100',
});

/** A literal filter value: compared by equality, never read as an operator. */
export const ValueParam = Type.String({ minLength: 1, maxLength: MAX_VALUE_LENGTH });

/**
 * Several literal values, matched as any of them: one value, or the parameter repeated (`host=a&host=b`)
 * for up to MAX_FILTER_VALUES.
 */
export const ValueListParam = Type.Union(
  [
    Type.String({ minLength: 1, maxLength: MAX_VALUE_LENGTH }),
    Type.Array(Type.String({ minLength: 1, maxLength: MAX_VALUE_LENGTH }), {
      minItems: 1,
      maxItems: MAX_FILTER_VALUES,
    }),
  ],
  { description: `one value, or the parameter repeated for up to ${MAX_FILTER_VALUES} values (any of them)` },
);

/** Several levels (names or numbers), matched as any of them: one, or the parameter repeated. */
export const LevelListParam = Type.Union(
  [
    Type.String({ minLength: 1, maxLength: MAX_LEVEL_LENGTH }),
    Type.Array(Type.String({ minLength: 1, maxLength: MAX_LEVEL_LENGTH }), {
      minItems: 1,
      maxItems: MAX_FILTER_VALUES,
    }),
  ],
  { description: 'exact levels (names or numbers), the parameter repeated for several (any of them)' },
);

export const CollectionParam = Type.Enum(COLLECTION_NAMES, { description: 'live (default) or archive' });

/** Parameters of every list route. */
export const ListParamsSchema = Type.Object({
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_LIMIT, description: `page size, default ${DEFAULT_LIMIT}` }),
  ),
  page: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_PAGE, description: '1-based page number; not combinable with cursor' }),
  ),
  cursor: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: MAX_CURSOR_LENGTH,
      pattern: CURSOR_PATTERN,
      description:
        'nextCursor of the previous page, with the same sort and order (signed by the server: any other is a 400); not combinable with page',
    }),
  ),
  order: Type.Optional(Type.Enum(SORT_ORDERS, { description: 'asc (default) or desc' })),
  collection: Type.Optional(CollectionParam),
});
export type ListParams = Static<typeof ListParamsSchema>;

/** `?collection=` alone. */
export const CollectionQuerySchema = Type.Object({ collection: Type.Optional(CollectionParam) }, closed);

/** A route without parameters still rejects unknown ones. */
export const EmptyQuerySchema = Type.Object({}, closed);

type JsonType = 'string' | 'integer' | 'number';
type JsonValue<T> = T extends 'string' ? string : number;

/** A value of one JSON type, or null. */
export function nullable<T extends JsonType>(type: T): TUnsafe<JsonValue<T> | null> {
  return Type.Unsafe<JsonValue<T> | null>({ type: [type, 'null'] });
}

/**
 * Optional nullable properties from a field → JSON type table. Optional because a document written by an
 * older or foreign producer may lack a field, and the serialiser must not fail on it.
 */
export function optionalNullables<F extends Record<string, JsonType>, K extends keyof F & string>(
  types: F,
  keys: readonly K[],
): { [P in K]: TOptional<TUnsafe<JsonValue<F[P]> | null>> } {
  const properties: Record<string, TSchema> = {};
  for (const key of keys) properties[key] = Type.Optional(nullable(types[key] as JsonType));
  return properties as { [P in K]: TOptional<TUnsafe<JsonValue<F[P]> | null>> };
}

/** Paging facts of every list response. `total` may stop counting at a cap; `totalExact` tells whether it did. */
const listEnvelope = {
  page: Type.Integer(),
  limit: Type.Integer(),
  total: Type.Integer(),
  totalExact: Type.Boolean(),
  nextCursor: Type.Unsafe<string | null>({ type: ['string', 'null'] }),
};

/** The list response around an item schema. */
export function listResponse<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), ...listEnvelope });
}

/** Every list response, for any item type. */
export type ListResponse<T> = Omit<Static<ReturnType<typeof listResponse<TSchema>>>, 'items'> & { items: T[] };
