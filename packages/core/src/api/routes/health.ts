/** `GET /health`: liveness and database reachability; open even when a token is configured. */
import { EmptyQuerySchema, ErrorResponseSchema, HealthResponseSchema, type HealthResponse } from '@logcas/contract';
import type { ApiApp, RouteDeps } from '../types';
import { VERSION } from '../version';

/** How long the health check waits for the database's answer. */
const PING_TIMEOUT_MS = 2000;

export function registerHealthRoute(app: ApiApp, { store }: RouteDeps): void {
  app.get(
    '/health',
    {
      schema: {
        summary: 'Liveness and database reachability',
        security: [],
        querystring: EmptyQuerySchema,
        response: { 200: HealthResponseSchema, 400: ErrorResponseSchema, 503: HealthResponseSchema },
      },
    },
    async (_request, reply) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
      });
      const up = await Promise.race([store.ping(), timeout]);
      clearTimeout(timer);
      const health: HealthResponse = { status: up ? 'ok' : 'degraded', database: up ? 'up' : 'down', version: VERSION };
      return reply.status(up ? 200 : 503).send(health);
    },
  );
}
