/** `POST /archive`: runs the archive once (docs/archive.md) and returns its counts. */
import { runArchive } from '../../archive/run';
import { ArchiveResponseSchema, EmptyQuerySchema, ERROR_RESPONSES, ErrorResponseSchema } from '@logcas/contract';
import type { ApiApp, RouteDeps } from '../types';

export function registerArchiveRoute(app: ApiApp, { gate }: RouteDeps): void {
  app.post(
    '/archive',
    {
      schema: {
        summary: 'Run the archive once',
        querystring: EmptyQuerySchema,
        // No body is read; one sent anyway must still be JSON or text (415 otherwise) within the body limit (413).
        response: {
          200: ArchiveResponseSchema,
          409: ErrorResponseSchema,
          413: ErrorResponseSchema,
          415: ErrorResponseSchema,
          ...ERROR_RESPONSES,
        },
      },
    },
    async () => gate.write((db) => runArchive(db)),
  );
}
