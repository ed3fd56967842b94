/** `GET /logs`, `GET /logs/:id` */
import { getLog, queryLogs } from '../../query/logs';
import { ERROR_RESPONSES, ErrorSchema } from '../schemas/common';
import { LogRecordSchema } from '../schemas/records';
import { CollectionQuery, LogIdParams, LogsQuery, LogsResponse } from '../schemas/routes';
import type { ApiApp, RouteDeps } from '../types';

export function registerLogRoutes(app: ApiApp, { store }: RouteDeps): void {
  app.get(
    '/logs',
    {
      schema: {
        summary: 'Logs in time order (log list, range window with around/span, host filter)',
        querystring: LogsQuery,
        response: { 200: LogsResponse, ...ERROR_RESPONSES },
      },
    },
    async (request) => queryLogs(store, request.query),
  );
  app.get(
    '/logs/:id',
    {
      schema: {
        summary: 'One log with every stored field',
        params: LogIdParams,
        querystring: CollectionQuery,
        response: { 200: LogRecordSchema, 404: ErrorSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => getLog(store, request.params.id, request.query.collection),
  );
}
