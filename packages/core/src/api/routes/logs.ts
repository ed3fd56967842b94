/** `GET /logs`, `GET /logs/:id` */
import { getLog, queryLogs } from '../../query/logs';
import { DEFAULT_TAIL_SETTLE_MS } from '../../config';
import { tailLogs } from '../../query/tail';
import {
  CollectionQuerySchema,
  ERROR_RESPONSES,
  ErrorResponseSchema,
  LogIdParamsSchema,
  LogRecordSchema,
  LogsQuerySchema,
  LogsResponseSchema,
  TailQuerySchema,
  TailResponseSchema,
} from '@logcas/contract';
import type { ApiApp, RouteDeps } from '../types';

export function registerLogRoutes(app: ApiApp, { config, gate }: RouteDeps): void {
  // Closing the server ends every waiting tail at once (it answers what it has), so shutdown never waits.
  const closing = new AbortController();
  app.addHook('preClose', async () => closing.abort());
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
    '/logs/tail',
    {
      schema: {
        summary: 'Live tail: the live logs stored after a cursor, answered as soon as there are some',
        querystring: TailQuerySchema,
        response: { 200: TailResponseSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      // A client that goes away (Grafana stopping the live view) ends the wait.
      const gone = new AbortController();
      reply.raw.once('close', () => gone.abort());
      // Each poll is a short read with the query deadline; closing the server ends the wait but lets the last
      // read answer, a client gone abandons it.
      return tailLogs(gate.limited(gone.signal), request.query, {
        settleMs: config.tailSettleMs ?? DEFAULT_TAIL_SETTLE_MS,
        signal: AbortSignal.any([gone.signal, closing.signal]),
      });
    },
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
