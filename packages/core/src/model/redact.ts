/**
 * Secrets never reach the database (docs/design.md, "Records"): values under keys that look like credentials are replaced by `***`,
 * at any depth of a structured record's extra fields. A key whose value is null (oslo.context writes
 * `auth_token: null` when a request has no token) stays null: `***` would claim a token existed.
 */
export const REDACTED = '***';

// auth_token, X-Auth-Token, service_catalog, password, admin_password, secret, client_secret, token, ...
const SECRET_KEY =
  /(^|[_\-.])(auth[_-]?token|token|service[_-]?catalog|password|passwd|secret|credentials?|api[_-]?key)$/i;

function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Returns a copy of `value` with every secret-looking key's value (when there is one) replaced by `***`. */
export function redactSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item)) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  // fromEntries defines own properties: a producer's `__proto__` key stays a key, never a prototype.
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, inner]) => [
      key,
      isSecretKey(key) && inner !== null && inner !== undefined ? REDACTED : redactSecrets(inner),
    ]),
  ) as T;
}

// Secrets also appear inside message text, e.g. keystonemiddleware's "X-Auth-Token: gAAAA..." or
// a RESP BODY dump with "password": "...". Mask the value, keep the key so the line still reads.
// A value that opens an object or a list (`"password": {...}`) is structure, not a secret: left as it is.
const SECRET_IN_TEXT =
  /(["']?(?:x-auth-token|x-subject-token|auth_token|password|admin_password|secret|token)["']?\s*[:=]\s*)(["']?)(?![{[])[^"',}\s]+\2/gi;

/** Masks credential values written inside free text (message bodies, headers). */
export function redactText(text: string): string {
  return text.replace(SECRET_IN_TEXT, (_m, prefix: string, quote: string) => `${prefix}${quote}${REDACTED}${quote}`);
}
