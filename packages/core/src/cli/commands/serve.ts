/**
 * `logcas serve [--port 8080] [--bind 127.0.0.1]`: the HTTP API until SIGINT/SIGTERM, then a graceful stop.
 * Other listeners (e.g. the Fluentd forward listener) join through `ServeExtension`s: each starts after the
 * API listens and returns its own close, run before the API and the store close.
 */
import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import { startServer, DEFAULT_BIND, DEFAULT_PORT, type RunningServer } from '../../api/server';
import { loadConfig, type Config } from '../../config';
import { ValidationError } from '../../errors';
import { describeListenAddress, isLoopback } from '../listen-address';

export interface ServeOptions {
  port: number;
  bind: string;
  /** Every other option of the command, for extensions that add their own flags. */
  [flag: string]: unknown;
}

/** Starts something alongside the API (it may ignore options it does not own); returns how to stop it. */
export type ServeExtension = (context: {
  server: RunningServer;
  config: Config;
  options: ServeOptions;
}) => Promise<(() => Promise<void>) | undefined>;

export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port < 0 || port > 65535) {
    throw new ValidationError(`--port must be a port number 0-65535, got ${text}`, 'port');
  }
  return port;
}

/** Runs the API until a signal arrives; resolves once everything is closed. */
export async function runServe(options: ServeOptions, extensions: readonly ServeExtension[] = []): Promise<void> {
  const config = loadConfig();
  const server = await startServer(config, { port: options.port, bind: options.bind, logger: { level: 'info' } });
  const closers: Array<() => Promise<void>> = [];
  try {
    for (const extension of extensions) {
      const close = await extension({ server, config, options });
      if (close) closers.push(close);
    }
  } catch (error) {
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

export function registerServeCommand(program: Command, extensions: readonly ServeExtension[] = []): Command {
  return program
    .command('serve')
    .description('serve the HTTP API (/api/v1); with --forward, also a Fluentd forward listener (docs/forward.md)')
    .option('--port <port>', 'TCP port', String(DEFAULT_PORT))
    .option('--bind <address>', 'address to listen on', DEFAULT_BIND)
    .action(async (raw: Record<string, unknown>) => {
      const options: ServeOptions = { ...raw, port: parsePort(String(raw.port)), bind: String(raw.bind) };
      await runServe(options, extensions);
    });
}
