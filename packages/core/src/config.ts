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
}

export const DEFAULT_MONGODB_URI = 'mongodb://127.0.0.1:27017';
export const DEFAULT_DATABASE = 'logcas';

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  return {
    mongodbUri: env.MONGODB_URI || DEFAULT_MONGODB_URI,
    database: env.LOGCAS_DB || DEFAULT_DATABASE,
    apiToken: bearerToken(env.LOGCAS_API_TOKEN, 'LOGCAS_API_TOKEN'),
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
