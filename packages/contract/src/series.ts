/** `GET /volume` and `GET /values/:field`: the dashboard helpers. */
import { Type, type Static } from 'typebox';
import { closed, CollectionParam, timeParam } from './common';
import { VALUES_FIELDS } from './fields';
import { MAX_STEP_SECONDS } from './limits';
import { LogFilterProperties } from './logs';

export const VolumeQuerySchema = Type.Object(
  {
    ...LogFilterProperties,
    collection: Type.Optional(CollectionParam),
    step: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_STEP_SECONDS,
        description: 'seconds per bucket; default: a round step giving at most ~200 buckets',
      }),
    ),
  },
  closed,
);
export type VolumeParams = Static<typeof VolumeQuerySchema>;

/** One row per time step, counts per level name. */
export const VolumeResponseSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  step: Type.Integer(),
  levels: Type.Array(Type.String()),
  buckets: Type.Array(Type.Object({ ts: Type.String(), counts: Type.Record(Type.String(), Type.Integer()) })),
});
export type VolumeResponse = Static<typeof VolumeResponseSchema>;

export const ValuesFieldSchema = Type.Enum(VALUES_FIELDS);
export const ValuesPathSchema = Type.Object({ field: ValuesFieldSchema }, closed);

export const ValuesQuerySchema = Type.Object(
  {
    from: Type.Optional(timeParam('default: 24 h before to; not after to')),
    to: Type.Optional(timeParam('default: now')),
    collection: Type.Optional(CollectionParam),
  },
  closed,
);
export type ValuesParams = Static<typeof ValuesQuerySchema>;

export const ValuesResponseSchema = Type.Object({
  field: ValuesFieldSchema,
  values: Type.Array(Type.Union([Type.String(), Type.Number()])),
});
export type ValuesResponse = Static<typeof ValuesResponseSchema>;
