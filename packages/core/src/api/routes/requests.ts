/** `GET /requests`, `GET /requests/:requestId` */
import { getRequestDetail, queryRequests } from '../../query/requests';
import {
  ERROR_RESPONSES,
  ErrorResponseSchema,
  RequestDetailQuerySchema,
  RequestDetailResponseSchema,
  RequestIdParamsSchema,
  RequestsQuerySchema,
  RequestsResponseSchema,
} from '@logcas/contract';
import type { ApiApp, RouteDeps } from '../types';

export function registerRequestRoutes(app: ApiApp, { gate }: RouteDeps): void {
  app.get(
    '/requests',
    {
      schema: {
        summary: 'Request summaries overlapping from–to',
        querystring: RequestsQuerySchema,
        response: { 200: RequestsResponseSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => gate.read(request, reply, (db) => queryRequests(db, request.query)),
  );
  app.get(
    '/requests/:requestId',
    {
      schema: {
        summary: 'One request: its summary, its logs in time order and the requests linked by global request ids',
        params: RequestIdParamsSchema,
        querystring: RequestDetailQuerySchema,
        response: { 200: RequestDetailResponseSchema, 404: ErrorResponseSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) =>
      gate.read(request, reply, (db) => getRequestDetail(db, request.params.requestId, request.query)),
  );
}
