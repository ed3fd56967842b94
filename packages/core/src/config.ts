/** Environment + flags → one typed Config (docs/cli.md lists the variables). */
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
    apiToken: env.LOGCAS_API_TOKEN || undefined,
    ...overrides,
  };
}
