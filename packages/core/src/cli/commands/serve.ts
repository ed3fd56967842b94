/**
 * `logcas serve [--port 8080] [--bind 127.0.0.1] [--forward PORT ...]`: the HTTP API and, with `--forward`,
 * the Fluentd forward listener on the same store (its flags: serve-forward.ts), until SIGINT/SIGTERM; then
 * the listener, the API and the store close in that order.
 */
import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import { startServer, DEFAULT_BIND, DEFAULT_PORT, type RunningServer } from '../../api/server';
import { integerSetting, loadConfig, type Config } from '../../config';
import { ValidationError } from '../../errors';
import { createEventLog } from '../../ingest/forward/events';
import { startForwardListener } from '../../ingest/forward/listener';
import { describeListenAddress, isLoopback } from '../listen-address';
import { addForwardOptions, forwardListenerSettings, type ForwardSettings } from './serve-forward';

export interface ServeOptions {
  port: number;
  bind: string;
  /** Overrides LOGCAS_QUERY_TIMEOUT_MS: the server-side time limit of every API query, ms. */
  queryTimeoutMs?: number;
  /** Overrides LOGCAS_MAX_CONCURRENT: database-bound API requests served at once. */
  maxConcurrent?: number;
  /** Also accept Fluentd forward-protocol records, with these settings. */
  forward?: ForwardSettings;
}

/** Something started after the API listens (e.g. `demo --serve`'s live traffic); returns how to stop it. */
export type StartAlongside = (server: RunningServer) => Promise<() => Promise<void>>;

/** A TCP port flag: 0-65535 (0 picks a free port). */
export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port < 0 || port > 65535) {
    throw new ValidationError(`--port must be a port number 0-65535, got ${text}`, 'port');
  }
  return port;
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
    if (options.forward) closers.push(await startForward(server, options.forward));
    if (alongside) closers.push(await alongside(server));
  } catch (error) {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await server.close();
    throw error;
  }
  reportListening(server, config);
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

/**
 * The forward listener on the API's store. Its problems go to stderr through the event log, a few lines at
 * a time, so a hostile client cannot flood it; a port open to others without shared_key is warned about.
 */
async function startForward(server: RunningServer, settings: ForwardSettings): Promise<() => Promise<void>> {
  const log = createEventLog((line) => console.error(`logcas: ${line}`));
  const listener = await startForwardListener({ store: server.store, ...settings, onEvent: log });
  const guards = [listener.tls ? 'TLS' : '', settings.security ? 'shared_key required' : ''].filter(Boolean);
  const where = describeListenAddress(listener.host, listener.port);
  console.error(`logcas: Fluentd forward listener on ${where}${guards.length ? ` (${guards.join(', ')})` : ''}`);
  if (!settings.security && !isLoopback(listener.host)) {
    console.error(
      `logcas: WARNING: the forward port ${where} stores records from anyone who can reach it; ` +
        'set LOGCAS_FORWARD_SHARED_KEY (and TLS), or bind it with --forward-bind 127.0.0.1',
    );
  }
  return async () => {
    await listener.close();
    log.close();
  };
}

/** Where the API listens, as bound (0.0.0.0 is every interface), and a warning when it is open to others. */
function reportListening(server: RunningServer, config: Config): void {
  const address = server.app.server.address() as AddressInfo;
  const where = describeListenAddress(address.address, address.port);
  const local = isLoopback(address.address);
  const url = `${server.url}/api/v1`;
  console.error(
    `logcas: API listening on ${local ? url : `${where}, ${url} from this host`} (database ${config.database})`,
  );
  if (!local && !config.apiToken) {
    console.error(
      `logcas: WARNING: the API on ${where} answers anyone who can reach it (reads, ingest, archive): ` +
        'set LOGCAS_API_TOKEN, or bind it with --bind 127.0.0.1',
    );
  }
}

export function registerServeCommand(program: Command): Command {
  const command = program
    .command('serve')
    .description('serve the HTTP API (/api/v1); with --forward, also a Fluentd forward listener (docs/forward.md)')
    .option('--port <port>', 'TCP port', String(DEFAULT_PORT))
    .option('--bind <address>', 'address to listen on', DEFAULT_BIND)
    .option('--query-timeout <ms>', 'server-side time limit of every query (default: LOGCAS_QUERY_TIMEOUT_MS or 20000)')
    .option('--max-concurrent <n>', 'database-bound requests served at once (default: LOGCAS_MAX_CONCURRENT or 8)');
  return addForwardOptions(command).action(async (raw: Record<string, unknown>) => {
    const bind = String(raw.bind);
    const forward = await forwardListenerSettings(raw, bind);
    const flag = (name: string, key: string, min: number, max: number): number | undefined =>
      raw[key] === undefined ? undefined : integerSetting(String(raw[key]), name, 0, min, max);
    const queryTimeoutMs = flag('--query-timeout', 'queryTimeout', 100, 600_000);
    const maxConcurrent = flag('--max-concurrent', 'maxConcurrent', 1, 1000);
    await runServe({
      port: parsePort(String(raw.port)),
      bind,
      ...(forward ? { forward } : {}),
      ...(queryTimeoutMs === undefined ? {} : { queryTimeoutMs }),
      ...(maxConcurrent === undefined ? {} : { maxConcurrent }),
    });
  });
}
