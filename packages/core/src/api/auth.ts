/**
 * Bearer tokens. `LOGCAS_API_TOKEN` reaches every route; `LOGCAS_API_READ_TOKEN` only the read routes (GET,
 * HEAD): the token Grafana holds, so nothing that reaches Grafana can ingest or archive. With neither set the
 * API is open; the public paths (health) never need a token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { ForbiddenError, UnauthorizedError } from '../errors';

export interface ApiTokens {
  apiToken: string | undefined;
  apiReadToken: string | undefined;
}

/** Methods the read token may use: every such route only reads. */
const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

// Comparing fixed-length digests keeps the comparison constant-time whatever the presented length.
const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

export function registerAuth(app: FastifyInstance, tokens: ApiTokens, publicPaths: ReadonlySet<string>): void {
  if (!tokens.apiToken && !tokens.apiReadToken) return;
  const full = tokens.apiToken ? digest(tokens.apiToken) : undefined;
  const read = tokens.apiReadToken ? digest(tokens.apiReadToken) : undefined;
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0] ?? '';
    if (publicPaths.has(path)) return;
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) throw new UnauthorizedError('missing bearer token (Authorization: Bearer <token>)');
    const presented = digest(match[1] as string);
    if (full && timingSafeEqual(presented, full)) return;
    if (read && timingSafeEqual(presented, read)) {
      if (READ_METHODS.has(request.method)) return;
      throw new ForbiddenError(
        `the read token (LOGCAS_API_READ_TOKEN) reaches read routes only; ${request.method} ${path} needs LOGCAS_API_TOKEN`,
      );
    }
    throw new UnauthorizedError('wrong bearer token');
  });
}
