/** `POST /archive`: runs the archive once (SPEC §2 view 7) and returns its counts. */
import { runArchive } from '../../archive/run';
import { ERROR_RESPONSES, ErrorSchema } from '../schemas/common';
import { ArchiveResponse, EmptyQuery } from '../schemas/routes';
import type { ApiApp, RouteDeps } from '../types';

export function registerArchiveRoute(app: ApiApp, { store }: RouteDeps): void {
  app.post(
    '/archive',
    {
      schema: {
        summary: 'Run the archive once',
        querystring: EmptyQuery,
        response: { 200: ArchiveResponse, 409: ErrorSchema, ...ERROR_RESPONSES },
      },
    },
    async () => runArchive(store),
  );
}
