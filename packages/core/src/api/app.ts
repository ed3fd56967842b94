/**
 * Builds the `/api/v1` Fastify app without listening (tests call `app.inject()`; server.ts listens).
 *
 *   request → auth (optional bearer) → schema validation (TypeBox/AJV, unknown params rejected)
 *           → route → query/ → store/ → typed result → serialised by the response schema
 *   any error → errors.ts (the one status mapping)
 */
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { DEFAULT_MAX_CONCURRENT, DEFAULT_QUERY_TIMEOUT_MS } from '../config';
import { API_PREFIX } from '@logcas/contract';
import { NotFoundError } from '../errors';
import type { Store } from '../store/connection';
import { registerAuth } from './auth';
import { createDatabaseGate } from './database-gate';
import { refuseOtherMethods } from './method-not-allowed';
import { answerClientError, sendMappedError } from './errors';
import { registerArchiveRoute } from './routes/archive';
import { registerErrorRoutes } from './routes/errors';
import { registerHealthRoute } from './routes/health';
import { registerIngestRoute } from './routes/ingest';
import { registerLogRoutes } from './routes/logs';
import { registerRequestRoutes } from './routes/requests';
import { registerResourceRoutes } from './routes/resources';
import { registerSeriesRoutes } from './routes/series';
import type { ApiApp, ApiConfig } from './types';
import { VERSION } from './version';

export interface AppDependencies {
  store: Store;
  /** The tokens (only `apiToken` required; no token set means an open API) and the API's settings (api/types.ts). */
  config: ApiConfig;
  /** Fastify's logger option: off by default (tests); `logcas serve` turns it on. */
  logger?: FastifyServerOptions['logger'];
  /** Largest accepted request body in bytes (default 16 MiB); larger bodies get a 413. */
  bodyLimit?: number;
}

export const DEFAULT_BODY_LIMIT = 16 * 1024 * 1024;

export async function buildApp(deps: AppDependencies): Promise<ApiApp> {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: deps.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // Long path parameters reach the schema, which names them (Fastify would answer a bare 414 past 100).
    routerOptions: { maxParamLength: 1000 },
    // Keep AJV from silently dropping unknown parameters: a misspelt filter must be a 400, not a wider query.
    // Errors Fastify raises before routing (a badly encoded URL, ...) get the same mapping and body as ours.
    frameworkErrors: (error, request, reply) => sendMappedError(error, request, reply),
    // Node refuses a request line and headers over its 16 KiB limit before Fastify routes it: say so in the
    // error shape of every other answer (docs/errors.md).
    clientErrorHandler: answerClientError,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setErrorHandler((error, request, reply) => sendMappedError(error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    sendMappedError(new NotFoundError(`no route ${request.method} ${request.url.split('?')[0]}`), request, reply),
  );
  registerAuth(
    app,
    { apiToken: deps.config.apiToken, apiReadToken: deps.config.apiReadToken },
    new Set([`${API_PREFIX}/health`]),
  );
  // After auth, before any body is read: a known path with a method it lacks is a 405, not a 404 or a 400.
  refuseOtherMethods(app);

  await app.register(swagger, {
    openapi: {
      info: { title: 'LogCAS API', version: VERSION, description: 'OpenStack logs in MongoDB (docs/http-api.md)' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      // Said only when it holds: with a token every route but /health needs it (the health route opts out).
      ...(deps.config.apiToken ? { security: [{ bearer: [] }] } : {}),
    },
  });

  await app.register(
    async (api) => {
      const gate = createDatabaseGate(deps.store, {
        queryTimeoutMs: deps.config.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
        maxConcurrent: deps.config.maxConcurrent ?? DEFAULT_MAX_CONCURRENT,
      });
      const routeDeps = { store: deps.store, config: deps.config, gate };
      const typed = api as unknown as ApiApp;
      registerHealthRoute(typed, routeDeps);
      registerLogRoutes(typed, routeDeps);
      registerRequestRoutes(typed, routeDeps);
      registerSeriesRoutes(typed, routeDeps);
      registerErrorRoutes(typed, routeDeps);
      registerResourceRoutes(typed, routeDeps);
      registerIngestRoute(typed, routeDeps);
      registerArchiveRoute(typed, routeDeps);
      typed.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: API_PREFIX },
  );
  await app.ready();
  return app;
}
