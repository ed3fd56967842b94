/** `POST /ingest`: the body is read as text whatever its content type and handed to ingest/http.ts. */
import {
  ERROR_RESPONSES,
  ErrorResponseSchema,
  IngestBodySchema,
  IngestQuerySchema,
  IngestResponseSchema,
  type IngestResponse,
} from '@logcas/contract';
import type { FastifyInstance } from 'fastify';
import { ingestBody } from '../../ingest/http';
import type { ApiApp, RouteDeps } from '../types';

export function registerIngestRoute(app: ApiApp, { gate }: RouteDeps): void {
  // Scoped plugin: this route reads its body as text whatever the content type (NDJSON, JSON, text/plain).
  app.register(async (scope: FastifyInstance) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, payload, done) => done(null, payload));
    (scope as unknown as ApiApp).post(
      '/ingest',
      {
        schema: {
          summary: 'Ingest structured records (NDJSON or a JSON array)',
          querystring: IngestQuerySchema,
          body: IngestBodySchema,
          response: { 200: IngestResponseSchema, 413: ErrorResponseSchema, ...ERROR_RESPONSES },
        },
      },
      async (request): Promise<IngestResponse> =>
        gate.write((db) => ingestBody(db, typeof request.body === 'string' ? request.body : '', request.query)),
    );
  });
}
