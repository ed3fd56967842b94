/** Optional bearer token (LOGCAS_API_TOKEN): every route but the public ones needs `Authorization: Bearer <token>`. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { UnauthorizedError } from '../errors';

// Comparing fixed-length digests keeps the comparison constant-time whatever the presented length.
const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

export function registerAuth(app: FastifyInstance, token: string | undefined, publicPaths: ReadonlySet<string>): void {
  if (!token) return;
  const expected = digest(token);
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0] ?? '';
    if (publicPaths.has(path)) return;
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) throw new UnauthorizedError('missing bearer token (Authorization: Bearer <token>)');
    if (!timingSafeEqual(digest(match[1] as string), expected)) throw new UnauthorizedError('wrong bearer token');
  });
}
