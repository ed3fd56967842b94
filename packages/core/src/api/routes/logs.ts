/** `GET /logs`, `GET /logs/:id` */
import { getLog, queryLogs } from '../../query/logs';
import {
  CollectionQuerySchema,
  ERROR_RESPONSES,
  ErrorResponseSchema,
  LogIdParamsSchema,
  LogRecordSchema,
  LogsQuerySchema,
  LogsResponseSchema,
} from '@logcas/contract';
import type { ApiApp, RouteDeps } from '../types';

export function registerLogRoutes(app: ApiApp, { gate }: RouteDeps): void {
  app.get(
    '/logs',
    {
      schema: {
        summary: 'Logs in time order (log list, range window with around/span, host filter)',
        querystring: LogsQuerySchema,
        response: { 200: LogsResponseSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => gate.read(request, reply, (db) => queryLogs(db, request.query)),
  );
  app.get(
    '/logs/:id',
    {
      schema: {
        summary: 'One log with every stored field',
        params: LogIdParamsSchema,
        querystring: CollectionQuerySchema,
        response: { 200: LogRecordSchema, 404: ErrorResponseSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) =>
      gate.read(request, reply, (db) => getLog(db, request.params.id, request.query.collection)),
  );
}
