/** `GET /errors`, `GET /errors/:fingerprint` */
import {
  ERROR_RESPONSES,
  ErrorDetailQuerySchema,
  ErrorDetailResponseSchema,
  ErrorResponseSchema,
  ErrorsQuerySchema,
  ErrorsResponseSchema,
  FingerprintParamsSchema,
} from '@logcas/contract';
import { getErrorDetail, queryErrors } from '../../query/errors';
import type { ApiApp, RouteDeps } from '../types';

export function registerErrorRoutes(app: ApiApp, { gate }: RouteDeps): void {
  app.get(
    '/errors',
    {
      schema: {
        summary: 'Error fingerprints seen in from–to with their counts, sparklines and samples, top first',
        querystring: ErrorsQuerySchema,
        response: { 200: ErrorsResponseSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => gate.read(request, reply, (db) => queryErrors(db, request.query)),
  );
  app.get(
    '/errors/:fingerprint',
    {
      schema: {
        summary: 'One error fingerprint: its summary, the requests it hit, its records and its series',
        params: FingerprintParamsSchema,
        querystring: ErrorDetailQuerySchema,
        response: { 200: ErrorDetailResponseSchema, 404: ErrorResponseSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) =>
      gate.read(request, reply, (db) => getErrorDetail(db, request.params.fingerprint, request.query)),
  );
}
