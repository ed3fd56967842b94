/** `GET /resources`, `GET /resources/:id` */
import {
  ERROR_RESPONSES,
  ErrorResponseSchema,
  ResourceDetailQuerySchema,
  ResourceDetailResponseSchema,
  ResourceIdParamsSchema,
  ResourcesQuerySchema,
  ResourcesResponseSchema,
} from '@logcas/contract';
import { getResourceDetail, queryResources } from '../../query/resources';
import type { ApiApp, RouteDeps } from '../types';

export function registerResourceRoutes(app: ApiApp, { gate }: RouteDeps): void {
  app.get(
    '/resources',
    {
      schema: {
        summary: 'OpenStack resources named by logs in from–to, failures first',
        querystring: ResourcesQuerySchema,
        response: { 200: ResourcesResponseSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => gate.read(request, reply, (db) => queryResources(db, request.query)),
  );
  app.get(
    '/resources/:id',
    {
      schema: {
        summary: "One resource's history: the requests that touched it, oldest first, with their outcome",
        params: ResourceIdParamsSchema,
        querystring: ResourceDetailQuerySchema,
        response: { 200: ResourceDetailResponseSchema, 404: ErrorResponseSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) =>
      gate.read(request, reply, (db) => getResourceDetail(db, request.params.id, request.query)),
  );
}
