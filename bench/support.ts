/** What the benchmark scripts share: their flags, sequential HTTP over one keep-alive socket. */
import { Agent, request } from 'node:http';

/** A `--name N` flag: a positive whole number, or `fallback` when absent. */
export function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} needs a positive whole number`);
  return value;
}

/** One socket, kept alive: requests run one after another, as the latency figures assume. */
export const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });

/** GET `${base}/api/v1${path}` over the keep-alive socket. */
export function httpGet(base: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/api/v1${path}`, { agent: keepAlive }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
