/** `GET /volume`, `GET /values/:field` — the dashboard helpers. */
import { queryValues } from '../../query/values';
import { queryVolume } from '../../query/volume';
import {
  ERROR_RESPONSES,
  ValuesPathSchema,
  ValuesQuerySchema,
  ValuesResponseSchema,
  VolumeQuerySchema,
  VolumeResponseSchema,
} from '@logcas/contract';
import type { ApiApp, RouteDeps } from '../types';

export function registerSeriesRoutes(app: ApiApp, { gate }: RouteDeps): void {
  app.get(
    '/volume',
    {
      schema: {
        summary: 'Log counts per level per time step',
        querystring: VolumeQuerySchema,
        response: { 200: VolumeResponseSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => gate.read(request, reply, (db) => queryVolume(db, request.query)),
  );
  app.get(
    '/values/:field',
    {
      schema: {
        summary: 'Distinct values of a field in a time range, for dashboard variables',
        params: ValuesPathSchema,
        querystring: ValuesQuerySchema,
        response: { 200: ValuesResponseSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => gate.read(request, reply, (db) => queryValues(db, request.params.field, request.query)),
  );
}
