/** `GET /logs` (log list and range window) and `GET /logs/:id`. */
import { Type, type Static } from 'typebox';
import { closed, LevelParam, ListParamsSchema, listResponse, timeParam, ValueParam } from './common';
import { MAX_ID_LENGTH, MAX_SPAN_SECONDS, MAX_VALUE_LENGTH, DEFAULT_SPAN_SECONDS } from './limits';
import { LogRecordSchema } from './records';

/** The log filters `GET /logs` and `GET /volume` share. */
export const LogFilterProperties = {
  from: Type.Optional(timeParam('start of the range, not after to; not combinable with around')),
  to: Type.Optional(timeParam('end of the range; not combinable with around')),
  minLevel: Type.Optional(LevelParam),
  host: Type.Optional(ValueParam),
  service: Type.Optional(ValueParam),
  requestId: Type.Optional(ValueParam),
  globalRequestId: Type.Optional(ValueParam),
  instance: Type.Optional(ValueParam),
  project: Type.Optional(ValueParam),
  user: Type.Optional(ValueParam),
  q: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: MAX_VALUE_LENGTH,
      description: 'case-insensitive literal substring of the message',
    }),
  ),
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
