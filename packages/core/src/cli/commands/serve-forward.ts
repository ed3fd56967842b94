/**
 * The `--forward*` flags of `logcas serve` (serve.ts starts the listener) and the listener settings they
 * make. Every flag has an environment variable (shown by `logcas serve --help`); docs/forward.md explains
 * the security options and the limits.
 */
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { Option, type Command } from 'commander';
import { IoError, ValidationError } from '../../errors';
import type { ForwardSecurity, ForwardUser } from '../../ingest/forward/handshake';
import { DEFAULT_FORWARD_LIMITS, type ForwardLimits } from '../../ingest/forward/limits';
import type { ForwardListenerOptions } from '../../ingest/forward/listener';
import { zoneFormatter } from '../../parse/time';

const MiB = 1 << 20;

/** What the flags decide about the listener; serve.ts adds the store and the event log. */
export type ForwardSettings = Omit<ForwardListenerOptions, 'store' | 'onEvent'>;

/** Adds the --forward flags to `logcas serve`. */
export function addForwardOptions(command: Command): Command {
  const flag = (flags: string, description: string, env: string, fallback?: string): Option => {
    const option = new Option(flags, description).env(env);
    return fallback === undefined ? option : option.default(fallback);
  };
  const limits = DEFAULT_FORWARD_LIMITS;
  return command
    .addOption(
      flag('--forward <port>', 'also accept Fluentd forward-protocol records on this port', 'LOGCAS_FORWARD_PORT'),
    )
    .addOption(
      flag('--forward-bind <address>', 'address for --forward (default: the --bind address)', 'LOGCAS_FORWARD_BIND'),
    )
    .addOption(
      flag(
        '--forward-timezone <zone>',
        'IANA zone of naive record times for entries without a time of their own (default UTC)',
        'LOGCAS_FORWARD_TIMEZONE',
      ),
    )
    .addOption(
      flag(
        '--forward-shared-key <key>',
        "require Fluentd's shared_key handshake (<security>) with this key (the variable keeps it out of ps)",
        'LOGCAS_FORWARD_SHARED_KEY',
      ),
    )
    .addOption(
      flag(
        '--forward-users-file <path>',
        'also require a username and password: lines user:password',
        'LOGCAS_FORWARD_USERS_FILE',
      ),
    )
    .addOption(
      flag(
        '--forward-self-hostname <name>',
        'server name in the handshake (default: this host name)',
        'LOGCAS_FORWARD_SELF_HOSTNAME',
      ),
    )
    .addOption(
      flag('--forward-tls-cert <path>', 'speak TLS with this certificate chain (PEM)', 'LOGCAS_FORWARD_TLS_CERT'),
    )
    .addOption(flag('--forward-tls-key <path>', 'private key of --forward-tls-cert (PEM)', 'LOGCAS_FORWARD_TLS_KEY'))
    .addOption(
      flag('--forward-tls-ca <path>', 'require client certificates signed by this CA (PEM)', 'LOGCAS_FORWARD_TLS_CA'),
    )
    .addOption(
      flag(
        '--forward-max-frame <size>',
        'largest message on the wire',
        'LOGCAS_FORWARD_MAX_FRAME',
        sizeText(limits.maxFrameBytes),
      ),
    )
    .addOption(
      flag(
        '--forward-max-inflated <size>',
        'largest size a gzip-compressed message may inflate to',
        'LOGCAS_FORWARD_MAX_INFLATED',
        sizeText(limits.maxInflatedBytes),
      ),
    )
    .addOption(
      flag(
        '--forward-max-entries <n>',
        'most records in one message',
        'LOGCAS_FORWARD_MAX_ENTRIES',
        String(limits.maxEntries),
      ),
    )
    .addOption(
      flag(
        '--forward-max-connections <n>',
        'most open connections; more are closed on arrival',
        'LOGCAS_FORWARD_MAX_CONNECTIONS',
        String(limits.maxConnections),
      ),
    )
    .addOption(
      flag(
        '--forward-max-buffered <size>',
        'most unstored bytes held across connections; the connection that would pass it is closed',
        'LOGCAS_FORWARD_MAX_BUFFERED',
        sizeText(limits.maxBufferedBytes),
      ),
    )
    .addOption(
      flag(
        '--forward-idle-timeout <seconds>',
        'close a connection that sends nothing for this long',
        'LOGCAS_FORWARD_IDLE_TIMEOUT',
        String(limits.idleTimeoutMs / 1000),
      ),
    );
}

/** The listener's options from the command's flags, or undefined without --forward. */
export async function forwardListenerSettings(
  flags: Record<string, unknown>,
  apiBind: string,
): Promise<ForwardSettings | undefined> {
  const text = (name: string): string | undefined => {
    const value = flags[name];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  };
  const portText = text('forward');
  if (portText === undefined) return undefined;
  const port = wholeNumber(portText, '--forward', 0, 65535);
  const limits: Partial<ForwardLimits> = {
    maxFrameBytes: size(text('forwardMaxFrame'), '--forward-max-frame'),
    maxInflatedBytes: size(text('forwardMaxInflated'), '--forward-max-inflated'),
    maxEntries: wholeNumber(text('forwardMaxEntries'), '--forward-max-entries', 1, 10_000_000),
    maxConnections: wholeNumber(text('forwardMaxConnections'), '--forward-max-connections', 1, 1_000_000),
    maxBufferedBytes: size(text('forwardMaxBuffered'), '--forward-max-buffered'),
    idleTimeoutMs: wholeNumber(text('forwardIdleTimeout'), '--forward-idle-timeout', 1, 7 * 86400) * 1000,
  };
  if ((limits.maxBufferedBytes as number) < (limits.maxFrameBytes as number)) {
    throw new ValidationError('--forward-max-buffered must be at least --forward-max-frame', 'forward-max-buffered');
  }
  const timezone = text('forwardTimezone');
  // An unknown zone is bad usage: say so before anything listens.
  if (timezone !== undefined) zoneFormatter(timezone);
  return {
    port,
    host: text('forwardBind') ?? apiBind,
    ...(timezone ? { timezone } : {}),
    limits,
    security: await security(text('forwardSharedKey'), text('forwardUsersFile'), text('forwardSelfHostname')),
    tls: await tls(text('forwardTlsCert'), text('forwardTlsKey'), text('forwardTlsCa')),
  };
}

async function security(
  sharedKey: string | undefined,
  usersFile: string | undefined,
  selfHostname: string | undefined,
): Promise<ForwardSecurity | undefined> {
  if (sharedKey === undefined) {
    if (usersFile) throw new ValidationError('--forward-users-file needs --forward-shared-key', 'forward-users-file');
    return undefined;
  }
  const users = usersFile ? parseUsers(await readText(usersFile, '--forward-users-file'), usersFile) : [];
  return { sharedKey, selfHostname: selfHostname ?? hostname(), users };
}

/** `user:password` per line; blank lines and `#` comments are skipped. */
export function parseUsers(text: string, path: string): ForwardUser[] {
  const users: ForwardUser[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const colon = line.indexOf(':');
    if (colon <= 0 || colon === line.length - 1) {
      throw new ValidationError(`${path} line ${index + 1}: expected user:password`, 'forward-users-file');
    }
    users.push({ username: line.slice(0, colon), password: line.slice(colon + 1) });
  });
  if (users.length === 0) throw new ValidationError(`${path} names no user:password`, 'forward-users-file');
  return users;
}

async function tls(cert?: string, key?: string, ca?: string): Promise<ForwardListenerOptions['tls']> {
  if (!cert && !key) {
    if (ca)
      throw new ValidationError('--forward-tls-ca needs --forward-tls-cert and --forward-tls-key', 'forward-tls-ca');
    return undefined;
  }
  if (!cert || !key) {
    throw new ValidationError(
      '--forward-tls-cert and --forward-tls-key go together',
      cert ? 'forward-tls-key' : 'forward-tls-cert',
    );
  }
  return {
    cert: await readText(cert, '--forward-tls-cert'),
    key: await readText(key, '--forward-tls-key'),
    ...(ca ? { ca: await readText(ca, '--forward-tls-ca'), requestCert: true, rejectUnauthorized: true } : {}),
  };
}

async function readText(path: string, flag: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new IoError(`${flag} ${path}: ${(error as Error).message}`, { cause: error });
  }
}

function wholeNumber(text: string | undefined, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (text === undefined || !/^\d+$/.test(text) || value < min || value > max) {
    throw new ValidationError(`${flag} must be a whole number from ${min} to ${max}, got ${text}`, flag.slice(2));
  }
  return value;
}

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: MiB,
  mb: MiB,
  mib: MiB,
  g: 1 << 30,
  gb: 1 << 30,
  gib: 1 << 30,
};

/** `16MiB`, `512k`, `1048576`: binary units, as the defaults are written. */
function size(text: string | undefined, flag: string): number {
  const match = /^(\d+)\s*([a-z]*)$/i.exec(text ?? '');
  const unit = match ? UNITS[(match[2] as string).toLowerCase()] : undefined;
  const bytes = match && unit ? Number(match[1]) * unit : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1024) {
    throw new ValidationError(
      `${flag} must be a size of at least 1KiB such as 16MiB or 512KiB, got ${text}`,
      flag.slice(2),
    );
  }
  return bytes;
}

function sizeText(bytes: number): string {
  return bytes % MiB === 0 ? `${bytes / MiB}MiB` : `${bytes / 1024}KiB`;
}
