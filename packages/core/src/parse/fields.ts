/** Small readers of loosely typed structured-record fields, shared by the format readers. */

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** A non-empty string (numbers become strings), else null. */
export function text(value: unknown): string | null {
  if (typeof value === 'string') return value === '' || value === '-' || value === 'None' ? null : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}
