/** Starts the API in a child process (api-process.ts) and calls it over one keep-alive socket. */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { httpGet, keepAlive } from '../support';
import { BENCH_DIR } from './run';

export interface ApiProcess {
  url: string;
  pid: number;
  get(path: string): Promise<{ status: number; body: string }>;
  /** The child's `process.memoryUsage()`. */
  memory(): Promise<NodeJS.MemoryUsage>;
  stop(): Promise<void>;
}

export async function startApiProcess(mongodbUri: string, database: string): Promise<ApiProcess> {
  const child: ChildProcess = fork(join(BENCH_DIR, 'lib', 'api-process.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, MONGODB_URI: mongodbUri, LOGCAS_DB: database, LOGCAS_API_TOKEN: '' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<{ url: string; pid: number }>((resolve, reject) => {
    child.once('message', (message) => resolve(message as { url: string; pid: number }));
    child.once('exit', (code) => reject(new Error(`the API process exited with ${code} before listening`)));
  });
  const get = (path: string): Promise<{ status: number; body: string }> => httpGet(ready.url, path);
  return {
    ...ready,
    get,
    memory: () =>
      new Promise((resolve) => {
        child.once('message', (message) => resolve((message as { memory: NodeJS.MemoryUsage }).memory));
        child.send('memory');
      }),
    stop: async () => {
      keepAlive.destroy();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('stop');
      await exited;
    },
  };
}

/** A query string of the given parameters, undefined ones left out. */
export function queryString(params: Record<string, string | number | boolean | undefined>): string {
  return Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');
}
