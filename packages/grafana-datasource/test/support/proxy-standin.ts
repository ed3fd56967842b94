/**
 * Grafana's data proxy, played by a fetch: a request below `${instanceSettings.url}/` is matched against
 * plugin.json's routes as Grafana matches them (the first route whose method — empty or `*` for any — and
 * path prefix fit); a matched route forwards it to the real LogCAS server with the route's Bearer header.
 * Unmatched, Grafana would send it to the datasource's own URL, which the LogCAS datasource leaves empty:
 * here that is a 502. Like Grafana, it answers a 401 of the API as a 400 "Authentication to data source failed". Uses node:http because the test runs in jsdom (which has no fetch).
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { urlUtil } from '@grafana/data';
import type { BackendSrvRequest } from '@grafana/runtime';
import type { FakeReply } from './grafana-services';

function httpGet(url: URL, method: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

interface Route {
  path: string;
  method?: string;
}

const ROUTES = (JSON.parse(readFileSync(join(__dirname, '../../src/plugin.json'), 'utf8')) as { routes: Route[] })
  .routes;

export function proxyTo(proxyUrl: string, apiUrl: string, token: string | undefined) {
  return async (request: BackendSrvRequest): Promise<FakeReply> => {
    const method = (request.method ?? 'GET').toUpperCase();
    const path = request.url.startsWith(`${proxyUrl}/`) ? request.url.slice(proxyUrl.length + 1) : undefined;
    const route = ROUTES.find(
      (r) => (!r.method || r.method === '*' || r.method === method) && path?.startsWith(r.path),
    );
    if (!route || path === undefined) {
      return { status: 502, data: { message: `no data proxy route for ${method} ${request.url}` } };
    }
    // Serialised as Grafana's backend service does: a list becomes a repeated parameter.
    const query = urlUtil.serializeParams(request.params ?? {});
    const target = new URL(apiUrl + path.slice(route.path.length) + (query ? `?${query}` : ''));
    const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
    const response = await httpGet(target, method, headers);
    // Grafana's data proxy turns a 401 of the datasource into a 400 with its own text (ds_proxy.go).
    if (response.status === 401) return { status: 400, data: 'Authentication to data source failed' };
    return { status: response.status, data: response.text ? JSON.parse(response.text) : null };
  };
}
