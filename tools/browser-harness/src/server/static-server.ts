import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';

/** What the static server serves: fixed files by URL path, and folders mounted under URL prefixes. */
export interface StaticRoutes {
  /** URL path (e.g. `/shared.js`) → file content, or `{ file }` read from disk on each request. */
  files: Record<string, string | Uint8Array | { file: string }>;
  /** URL prefix ending in `/` (e.g. `/plugins/my-panel/`) → folder on disk. */
  mounts: Record<string, string>;
  /** URL prefixes answered with 204 No Content: assets Grafana has but npm packages do not ship. */
  empty?: string[];
}

export interface StaticServer {
  baseUrl: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

/** The file under `folder` a relative URL path names, or undefined when it escapes the folder. */
function insideFolder(folder: string, relativePath: string): string | undefined {
  const root = resolve(folder);
  const target = resolve(root, `.${sep}${relativePath}`);
  return target.startsWith(root + sep) ? target : undefined;
}

async function lookup(routes: StaticRoutes, pathname: string): Promise<string | Uint8Array | undefined> {
  const fixed = routes.files[pathname];
  if (fixed !== undefined) return typeof fixed === 'object' && 'file' in fixed ? readFile(fixed.file) : fixed;
  for (const [prefix, folder] of Object.entries(routes.mounts)) {
    if (!pathname.startsWith(prefix)) continue;
    const file = insideFolder(folder, pathname.slice(prefix.length));
    if (file) return readFile(file).catch(() => undefined);
  }
  return undefined;
}

async function handle(routes: StaticRoutes, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const requested = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
  const pathname = requested === '/' ? '/index.html' : requested;
  if (routes.empty?.some((prefix) => pathname.startsWith(prefix))) {
    response.writeHead(204).end();
    return;
  }
  const body = await lookup(routes, pathname);
  if (body === undefined) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`not found: ${pathname}`);
    return;
  }
  const type = CONTENT_TYPES[extname(pathname)] ?? 'application/octet-stream';
  // Plugin dist files change between test runs: never let the browser cache them.
  response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
}

/** Starts an HTTP server on 127.0.0.1 with an ephemeral port. */
export async function startStaticServer(routes: StaticRoutes): Promise<StaticServer> {
  const server = createServer((request, response) => {
    handle(routes, request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(String(error));
    });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
