/**
 * Canonical JSON: object keys sorted at every depth, no whitespace, undefined members left out, Dates as
 * ISO strings. Two structurally equal records serialise to the same text, so they get the same stable id.
 */
export function canonicalJson(value: unknown): string {
  return write(value) ?? 'null';
}

function write(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value instanceof Date) return JSON.stringify(Number.isNaN(value.getTime()) ? null : value.toISOString());
  if (Array.isArray(value)) return '[' + value.map((item) => write(item) ?? 'null').join(',') + ']';
  const object = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(object).sort()) {
    const inner = write(object[key]);
    if (inner !== undefined) parts.push(JSON.stringify(key) + ':' + inner);
  }
  return '{' + parts.join(',') + '}';
}
