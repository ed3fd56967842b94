/** Environment + flags → one typed Config (docs/cli.md lists the variables). */
import { ValidationError } from './errors';

export interface Config {
  mongodbUri: string;
  database: string;
  /** When set, every API route but /health needs `Authorization: Bearer <token>`. */
  apiToken: string | undefined;
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
export const DEFAULT_DATABASE = 'logcas';

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  return {
    mongodbUri: env.MONGODB_URI || DEFAULT_MONGODB_URI,
    database: env.LOGCAS_DB || DEFAULT_DATABASE,
    apiToken: env.LOGCAS_API_TOKEN || undefined,
    apiReadToken: env.LOGCAS_API_READ_TOKEN || undefined,
    tailSettleMs: env.LOGCAS_TAIL_SETTLE_SECONDS ? readSeconds(env.LOGCAS_TAIL_SETTLE_SECONDS) : DEFAULT_TAIL_SETTLE_MS,
    ...overrides,
  };
}
