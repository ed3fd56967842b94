/**
 * A message's template: the text with everything that varies between occurrences of one log statement masked
 * (docs/fingerprints.md). Pure. Two lines written by the same statement about different instances, requests,
 * hosts or sizes get the same template.
 */

/** Longest template kept: a statement's identity is in its first words, not in a dumped payload. */
const MAX_TEMPLATE_LENGTH = 300;

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** The masks, applied in this order: the specific shapes first, so a number inside a uuid is not masked alone. */
const MASKS: ReadonlyArray<readonly [RegExp, string]> = [
  // Quoted values ('…' or "…", kept short so an apostrophe in prose does not swallow a sentence).
  [/'[^'\n]{0,200}'|"[^"\n]{0,200}"/g, "'<*>'"],
  [new RegExp(`\\breq-${UUID}\\b`, 'gi'), '<req>'],
  [new RegExp(`\\b${UUID}\\b`, 'gi'), '<uuid>'],
  // Keystone-style ids and other long hex words (md5, sha1, object hashes).
  [/\b[0-9a-f]{16,}\b/gi, '<hex>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  // IPv4 with an optional port, then IPv6 (at least two colons between hex groups).
  [/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?\b/g, '<ip>'],
  [/(?<![\w:])(?=[0-9a-f:]*::|(?:[0-9a-f]{1,4}:){7})(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])/gi, '<ip>'],
  // Any remaining run of digits, also inside words: `cmp-04`, `instance-0000002a` → `cmp-<n>`, `instance-<n>a`.
  [/\d+(?:\.\d+)?/g, '<n>'],
];

/**
 * The template of a message: its first line, the record's own host masked, then quoted values, request ids,
 * uuids, hex, IP addresses and numbers, whitespace folded, cut at a fixed length.
 */
export function messageTemplate(message: string, host: string | null = null): string {
  let text = message.split('\n', 1)[0] ?? '';
  if (host && host.length > 1) text = text.split(host).join('<host>');
  for (const [pattern, mask] of MASKS) text = text.replace(pattern, mask);
  return text.replace(/\s+/g, ' ').trim().slice(0, MAX_TEMPLATE_LENGTH);
}
