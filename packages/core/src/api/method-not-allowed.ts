/**
 * 405 Method Not Allowed, with `Allow`, for a known path asked with a method it does not have (RFC 9110):
 * every route is recorded as it is added, and a request the router found no route for is checked against
 * them before anything else (a QUERY or PUT body is never read for it).
 */
import type { FastifyInstance } from 'fastify';
import { MethodNotAllowedError } from '../errors';

interface KnownPath {
  pattern: RegExp;
  methods: Set<string>;
}

/** `/api/v1/logs/:id` → a pattern of the concrete paths it stands for. */
function pathPattern(url: string): RegExp {
  const parts = url
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${parts.join('/')}$`);
}

/** Records every route added to `app` from now on (call it before registering any) and refuses other methods. */
export function refuseOtherMethods(app: FastifyInstance): void {
  const known = new Map<string, KnownPath>();
  app.addHook('onRoute', (route) => {
    const entry = known.get(route.url) ?? { pattern: pathPattern(route.url), methods: new Set<string>() };
    for (const method of [route.method].flat()) entry.methods.add(method);
    known.set(route.url, entry);
  });
  app.addHook('onRequest', async (request) => {
    if (!request.is404) return;
    const path = request.url.split('?')[0] ?? '';
    const methods = new Set<string>();
    for (const entry of known.values()) if (entry.pattern.test(path)) entry.methods.forEach((m) => methods.add(m));
    if (methods.size === 0) return;
    const allowed = [...methods].sort();
    throw new MethodNotAllowedError(`${request.method} is not allowed on ${path}; use ${allowed.join(', ')}`, allowed);
  });
}
