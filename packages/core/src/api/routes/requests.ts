/** `GET /requests`, `GET /requests/:requestId` */
import { getRequestDetail, queryRequests } from '../../query/requests';
import { ERROR_RESPONSES, ErrorSchema } from '../schemas/common';
import {
  RequestDetailQuery,
  RequestDetailResponse,
  RequestIdParams,
  RequestsQuery,
  RequestsResponse,
} from '../schemas/routes';
import type { ApiApp, RouteDeps } from '../types';

export function registerRequestRoutes(app: ApiApp, { store }: RouteDeps): void {
  app.get(
    '/requests',
    {
      schema: {
        summary: 'Request summaries overlapping from–to',
        querystring: RequestsQuery,
        response: { 200: RequestsResponse, ...ERROR_RESPONSES },
      },
    },
    async (request) => queryRequests(store, request.query),
  );
  app.get(
    '/requests/:requestId',
    {
      schema: {
        summary: 'One request: its summary, its logs in time order and the requests linked by global request ids',
        params: RequestIdParams,
        querystring: RequestDetailQuery,
        response: { 200: RequestDetailResponse, 404: ErrorSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => getRequestDetail(store, request.params.requestId, request.query),
  );
}
