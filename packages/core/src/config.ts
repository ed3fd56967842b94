/**
 * Environment + flags → one typed Config, checked once here so every command fails the same way
 * (docs/cli.md lists the variables).
 */
import { ValidationError } from './errors';

export interface Config {
  mongodbUri: string;
  database: string;
  /** When set, every API route but /health needs `Authorization: Bearer <token>`. */
  apiToken: string | undefined;
  /** Server-side time limit of every API query, ms (`LOGCAS_QUERY_TIMEOUT_MS`, default 20 000). */
  queryTimeoutMs: number;
  /** Database-bound API requests served at once (`LOGCAS_MAX_CONCURRENT`, default 8). */
  maxConcurrent: number;
  /**
   * A token that reaches the read routes only (GET): what Grafana holds. Writes (ingest, archive) need
   * `apiToken`; with only this token set, the API takes no writes at all.
   */
  apiReadToken: string | undefined;
  /** How long after its `ingestedAt` a stored batch is surely visible; the live tail reads up to now minus this. */
  tailSettleMs: number;
}

export const DEFAULT_MONGODB_URI = 'mongodb://127.0.0.1:27017';
/** Default settle margin of the live tail: an insert of a batch takes far less on MongoDB. */
export const DEFAULT_TAIL_SETTLE_MS = 5000;
export const DEFAULT_DATABASE = 'logcas';
export const DEFAULT_QUERY_TIMEOUT_MS = 20_000;
export const DEFAULT_MAX_CONCURRENT = 8;

/** An integer setting within [min, max]; anything else is refused at start, naming the setting. */
export function integerSetting(
  value: string | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
    throw new ValidationError(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`, name);
  }
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  return {
    mongodbUri: env.MONGODB_URI || DEFAULT_MONGODB_URI,
    database: env.LOGCAS_DB || DEFAULT_DATABASE,
    apiToken: bearerToken(env.LOGCAS_API_TOKEN, 'LOGCAS_API_TOKEN'),
    queryTimeoutMs: integerSetting(
      env.LOGCAS_QUERY_TIMEOUT_MS,
      'LOGCAS_QUERY_TIMEOUT_MS',
      DEFAULT_QUERY_TIMEOUT_MS,
      100,
      600_000,
    ),
    maxConcurrent: integerSetting(env.LOGCAS_MAX_CONCURRENT, 'LOGCAS_MAX_CONCURRENT', DEFAULT_MAX_CONCURRENT, 1, 1000),
    apiReadToken: bearerToken(env.LOGCAS_API_READ_TOKEN, 'LOGCAS_API_READ_TOKEN'),
    tailSettleMs: env.LOGCAS_TAIL_SETTLE_SECONDS ? readSeconds(env.LOGCAS_TAIL_SETTLE_SECONDS) : DEFAULT_TAIL_SETTLE_MS,
    ...overrides,
  };
}

/**
 * A bearer token is one word (`Authorization: Bearer <token>`): one with a space, tab or newline could never
 * match, so it is refused rather than trimmed — a stray newline from `$(cat file)` says so at start.
 */
export function bearerToken(value: string | undefined, variable: string): string | undefined {
  if (!value) return undefined;
  const at = value.search(/\s/);
  if (at >= 0) {
    const what = JSON.stringify(value[at]);
    throw new ValidationError(
      `${variable} contains whitespace (${what} at character ${at + 1}); a bearer token is one word without spaces or newlines`,
      variable,
    );
  }
  return value;
}

/** A number of seconds (fractions allowed) from the environment, as milliseconds. */
function readSeconds(text: string): number {
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 600) {
    throw new ValidationError(
      `LOGCAS_TAIL_SETTLE_SECONDS must be a number of seconds from 0 to 600, not "${text}"`,
      'LOGCAS_TAIL_SETTLE_SECONDS',
    );
  }
  return Math.round(seconds * 1000);
}
