/**
 * Grafana's data proxy, played by a fetch: `${instanceSettings.url}/api/…` (the plugin.json route) is
 * forwarded to the real LogCAS server over HTTP with the route's Bearer header, like Grafana would do.
 * Uses node:http because the test runs in jsdom (which has no fetch).
 */
import { request as httpRequest } from 'node:http';
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

export function proxyTo(proxyUrl: string, apiUrl: string, token: string | undefined) {
  const prefix = `${proxyUrl}/api`;
  return async (request: BackendSrvRequest): Promise<FakeReply> => {
    if (!request.url.startsWith(`${prefix}/`)) {
      return { status: 502, data: { message: `no data proxy route for ${request.url}` } };
    }
    // Serialised as Grafana's backend service does: a list becomes a repeated parameter.
    const query = urlUtil.serializeParams(request.params ?? {});
    const target = new URL(apiUrl + request.url.slice(prefix.length) + (query ? `?${query}` : ''));
    const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
    const response = await httpGet(target, request.method ?? 'GET', headers);
    return { status: response.status, data: response.text ? JSON.parse(response.text) : null };
  };
}
