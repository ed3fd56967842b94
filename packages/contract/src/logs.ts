/** `GET /logs` (log list and range window) and `GET /logs/:id`. */
import { Type, type Static } from 'typebox';
import {
  closed,
  CollectionParam,
  LevelListParam,
  LevelParam,
  ListParamsSchema,
  listResponse,
  timeParam,
  ValueListParam,
  ValueParam,
} from './common';
import {
  DEFAULT_SPAN_SECONDS,
  DEFAULT_TAIL_WAIT_SECONDS,
  MAX_CURSOR_LENGTH,
  MAX_ID_LENGTH,
  MAX_LIMIT,
  MAX_SPAN_SECONDS,
  MAX_TAIL_WAIT_SECONDS,
  MAX_VALUE_LENGTH,
  TAIL_START_SECONDS,
} from './limits';
import { LogRecordSchema } from './records';

/** What a log must match, whatever the time: `GET /logs`, `GET /volume` and `GET /logs/tail` share these. */
const LogMatchProperties = {
  minLevel: Type.Optional(LevelParam),
  level: Type.Optional(LevelListParam),
  host: Type.Optional(ValueListParam),
  service: Type.Optional(ValueListParam),
  requestId: Type.Optional(ValueParam),
  globalRequestId: Type.Optional(ValueParam),
  instance: Type.Optional(ValueParam),
  project: Type.Optional(ValueListParam),
  user: Type.Optional(ValueListParam),
  excludeHost: Type.Optional(ValueListParam),
  excludeService: Type.Optional(ValueListParam),
  excludeLevel: Type.Optional(LevelListParam),
  excludeProject: Type.Optional(ValueListParam),
  excludeUser: Type.Optional(ValueListParam),
  excludeInstance: Type.Optional(ValueListParam),
  q: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: MAX_VALUE_LENGTH,
      description: 'case-insensitive literal substring of the message',
    }),
  ),
};

/** The log filters `GET /logs` and `GET /volume` share. */
export const LogFilterProperties = {
  from: Type.Optional(timeParam('start of the range, not after to; not combinable with around')),
  to: Type.Optional(timeParam('end of the range; not combinable with around')),
  ...LogMatchProperties,
  around: Type.Optional(timeParam('sets from and to to around ± span, so not combinable with from or to')),
  span: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: MAX_SPAN_SECONDS,
      description: `seconds around \`around\`, default ${DEFAULT_SPAN_SECONDS}; only with around`,
    }),
  ),
};
export const LogFiltersSchema = Type.Object(LogFilterProperties, closed);
export type LogFilterParams = Static<typeof LogFiltersSchema>;

export const LogsQuerySchema = Type.Object({ ...ListParamsSchema.properties, ...LogFilterProperties }, closed);
export type LogsParams = Static<typeof LogsQuerySchema>;

export const LogsResponseSchema = listResponse(LogRecordSchema);

export const LogIdParamsSchema = Type.Object({ id: Type.String({ minLength: 1, maxLength: MAX_ID_LENGTH }) }, closed);

/** `GET /logs/tail`: the live logs stored after a cursor, answered as soon as there are some. */
export const TailQuerySchema = Type.Object(
  {
    ...LogMatchProperties,
    cursor: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: MAX_CURSOR_LENGTH,
        description: `cursor of the previous answer; without it the tail starts ${TAIL_START_SECONDS} s ago`,
      }),
    ),
    wait: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: MAX_TAIL_WAIT_SECONDS,
        description: `seconds to wait for new logs when there are none yet, default ${DEFAULT_TAIL_WAIT_SECONDS}`,
      }),
    ),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_LIMIT, description: 'most logs per answer, default 500' }),
    ),
    collection: Type.Optional(CollectionParam),
  },
  closed,
);
export type TailParams = Static<typeof TailQuerySchema>;

export const TailResponseSchema = Type.Object({
  /** The logs stored after the cursor (up to `limit`, in stored order), listed in time order. */
  items: Type.Array(LogRecordSchema),
  /** Where the next call continues: no log is given twice, none is skipped. */
  cursor: Type.String(),
});
export type TailResponse = Static<typeof TailResponseSchema>;
