/**
 * The forward listener as an extension of `logcas serve` (cli/commands/serve.ts `ServeExtension`): when the
 * command has `--forward <port>` (and optionally `--forward-bind <address>`, default the API's `--bind`, and
 * `--forward-timezone <zone>`), it listens on that port with the API's store and closes before it. Typed structurally so this folder does
 * not depend on the CLI.
 */
import { ValidationError } from '../../errors';
import { zoneFormatter } from '../../parse/time';
import type { Store } from '../../store/connection';
import { startForwardListener, type ForwardEvent } from './listener';

export interface ForwardServeContext {
  server: { store: Store };
  options: { bind: string; [flag: string]: unknown };
}

export async function forwardServeExtension(context: ForwardServeContext): Promise<(() => Promise<void>) | undefined> {
  const raw = context.options.forward;
  if (raw === undefined || raw === false || raw === null) return undefined;
  const text = String(raw);
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port > 65535) {
    throw new ValidationError(`--forward must be a port number 0-65535, got ${text}`, 'forward');
  }
  const host = typeof context.options.forwardBind === 'string' ? context.options.forwardBind : context.options.bind;
  const timezone = typeof context.options.forwardTimezone === 'string' ? context.options.forwardTimezone : undefined;
  if (timezone !== undefined) zoneFormatter(timezone);
  const listener = await startForwardListener({
    store: context.server.store,
    port,
    host,
    timezone,
    onEvent: reportEvent,
  });
  process.stderr.write(`logcas: Fluentd forward listener on ${listener.host}:${listener.port}\n`);
  return () => listener.close();
}

// The CLI's stderr is its log; only problems are reported, not every stored batch.
function reportEvent(event: ForwardEvent): void {
  if (event.type === 'rejected')
    process.stderr.write(`logcas: forward record rejected (tag ${event.tag}): ${event.reason}\n`);
  if (event.type === 'connection-error') process.stderr.write(`logcas: forward ${event.remote}: ${event.reason}\n`);
}
