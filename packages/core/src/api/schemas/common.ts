/**
 * Shared TypeBox schemas of `/api/v1`. Querystrings are strings on the wire; AJV coerces integers and
 * booleans, and `additionalProperties: false` makes an unknown (or misspelt) parameter a 400.
 */
import { Type, type TSchema, type TUnsafe } from 'typebox';

export const TimeParam = Type.String({
  minLength: 1,
  maxLength: 40,
  description: 'ISO 8601 time (UTC when no offset) or epoch milliseconds',
});

export const LevelParam = Type.String({
  minLength: 1,
  maxLength: 16,
  description: 'level name (TRACE DEBUG INFO AUDIT WARNING/WARN ERROR CRITICAL/FATAL, any case) or number',
});

/** A literal filter value: compared by equality, never read as an operator. */
export const ValueParam = Type.String({ minLength: 1, maxLength: 512 });

export const CollectionParam = Type.Enum(['live', 'archive'], { description: 'live (default) or archive' });

export const ListParamsSchema = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, description: 'page size, default 100' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: '1-based page number' })),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 2048, description: 'nextCursor of the previous page' })),
  order: Type.Optional(Type.Enum(['asc', 'desc'], { description: 'asc (default) or desc' })),
  collection: Type.Optional(CollectionParam),
};

/** `{ error: { code, message, parameter? } }` */
export const ErrorSchema = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    parameter: Type.Optional(Type.String()),
  }),
});

export function nullable<T>(type: 'string' | 'integer' | 'number'): TUnsafe<T | null> {
  return Type.Unsafe<T | null>({ type: [type, 'null'] });
}

/** The list envelope of SPEC §5 around an item schema. */
export function listResponse<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    page: Type.Integer(),
    limit: Type.Integer(),
    total: Type.Integer(),
    totalExact: Type.Boolean(),
    nextCursor: Type.Unsafe<string | null>({ type: ['string', 'null'] }),
  });
}

export const ERROR_RESPONSES = {
  400: ErrorSchema,
  401: ErrorSchema,
  503: ErrorSchema,
};
