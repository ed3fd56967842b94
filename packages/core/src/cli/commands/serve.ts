/**
 * `logcas serve [--port 8080] [--bind 127.0.0.1] [--forward PORT [--forward-bind ADDRESS]]`: the HTTP API
 * and, with `--forward`, the Fluentd forward listener on the same store, until SIGINT/SIGTERM; then the
 * listener, the API and the store close in that order.
 */
import type { Command } from 'commander';
import { startServer, DEFAULT_BIND, DEFAULT_PORT, type RunningServer } from '../../api/server';
import { integerSetting, loadConfig } from '../../config';
import { ValidationError } from '../../errors';
import { startForwardListener, type ForwardEvent } from '../../ingest/forward/listener';

export interface ServeOptions {
  port: number;
  bind: string;
  /** Overrides LOGCAS_QUERY_TIMEOUT_MS: the server-side time limit of every API query, ms. */
  queryTimeoutMs?: number;
  /** Overrides LOGCAS_MAX_CONCURRENT: database-bound API requests served at once. */
  maxConcurrent?: number;
  /** Also accept Fluentd forward-protocol records on this port. */
  forward?: { port: number; bind: string };
}

/** Something started after the API listens (e.g. `demo --serve`'s live traffic); returns how to stop it. */
export type StartAlongside = (server: RunningServer) => Promise<() => Promise<void>>;

/** A TCP port flag: 0-65535 (0 picks a free port). */
export function parsePort(text: string, flag = 'port'): number {
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port < 0 || port > 65535) {
    throw new ValidationError(`--${flag} must be a port number 0-65535, got ${text}`, flag);
  }
  return port;
}

// The CLI's stderr is its log; only problems are reported, not every stored batch.
function reportForwardEvent(event: ForwardEvent): void {
  if (event.type === 'rejected') console.error(`logcas: forward record rejected (tag ${event.tag}): ${event.reason}`);
  if (event.type === 'connection-error') console.error(`logcas: forward ${event.remote}: ${event.reason}`);
}

/** Runs the API (and the forward listener) until a signal arrives; resolves once everything is closed. */
export async function runServe(options: ServeOptions, alongside?: StartAlongside): Promise<void> {
  const config = loadConfig(process.env, {
    ...(options.queryTimeoutMs === undefined ? {} : { queryTimeoutMs: options.queryTimeoutMs }),
    ...(options.maxConcurrent === undefined ? {} : { maxConcurrent: options.maxConcurrent }),
  });
  const server = await startServer(config, { port: options.port, bind: options.bind, logger: { level: 'info' } });
  const closers: Array<() => Promise<void>> = [];
  try {
    if (options.forward) {
      const { port, bind: host } = options.forward;
      const listener = await startForwardListener({ store: server.store, port, host, onEvent: reportForwardEvent });
      console.error(`logcas: Fluentd forward listener on ${listener.host}:${listener.port}`);
      closers.push(() => listener.close());
    }
    if (alongside) closers.push(await alongside(server));
  } catch (error) {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await server.close();
    throw error;
  }
  console.error(`logcas: API listening on ${server.url}/api/v1 (database ${config.database})`);
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      console.error(`logcas: ${signal} received, shutting down`);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  for (const close of closers.reverse()) await close().catch((error) => console.error(`logcas: ${String(error)}`));
  await server.close();
}

export function registerServeCommand(program: Command): Command {
  return program
    .command('serve')
    .description('serve the HTTP API (/api/v1), and with --forward the Fluentd forward listener')
    .option('--port <port>', 'TCP port', String(DEFAULT_PORT))
    .option('--bind <address>', 'address to listen on', DEFAULT_BIND)
    .option('--forward <port>', 'also accept Fluentd forward-protocol records (oslo.log Fluent handler) on this port')
    .option('--forward-bind <address>', 'address for --forward (default: the --bind address)')
    .option('--query-timeout <ms>', 'server-side time limit of every query (default: LOGCAS_QUERY_TIMEOUT_MS or 20000)')
    .option('--max-concurrent <n>', 'database-bound requests served at once (default: LOGCAS_MAX_CONCURRENT or 8)')
    .action(
      async (raw: {
        port: string;
        bind: string;
        forward?: string;
        forwardBind?: string;
        queryTimeout?: string;
        maxConcurrent?: string;
      }) => {
        const forward =
          raw.forward === undefined
            ? undefined
            : { port: parsePort(raw.forward, 'forward'), bind: raw.forwardBind ?? raw.bind };
        await runServe({
          port: parsePort(raw.port),
          bind: raw.bind,
          ...(forward ? { forward } : {}),
          ...(raw.queryTimeout === undefined
            ? {}
            : { queryTimeoutMs: integerSetting(raw.queryTimeout, '--query-timeout', 0, 100, 600_000) }),
          ...(raw.maxConcurrent === undefined
            ? {}
            : { maxConcurrent: integerSetting(raw.maxConcurrent, '--max-concurrent', 0, 1, 1000) }),
        });
      },
    );
}
