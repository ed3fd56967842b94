/**
 * The request-context bracket of oslo.log text lines, in every form deployments write it:
 *   [req-<g> req-<r> <user> <project> <domain> <system_scope> <user_domain> <project_domain>]  (current)
 *   [None req-<r> <project_name> <user_name>]                                              (devstack)
 *   [req-<r> <user> <tenant> - - -]  and  [req-<r> <user> <tenant>]                        (older)
 *   [-]                                                                                    (no context)
 * `-` and `None` mean unknown.
 */
import type { ParsedLog } from '../model/record';

/** Whether the text at `start` (a `[`) opens a context bracket rather than message text. */
export function isContextStart(s: string, start: number): boolean {
  const c = s.charCodeAt(start + 1);
  if (c === 45 /* - */) return s.charCodeAt(start + 2) === 93 /* ] */ || s.startsWith(' req-', start + 2);
  if (c === 114 /* r */) return s.startsWith('req-', start + 1);
  if (c === 78 /* N */) return s.startsWith('None ', start + 1);
  return false;
}

const HEX_ID = /^[0-9a-f]{32}$/;

// Token boundaries of the bracket being read, reused between calls: no array or substring per token
// until a value is kept (`-` and `None` placeholders never become strings).
const MAX_TOKENS = 16;
const starts = new Int32Array(MAX_TOKENS);
const ends = new Int32Array(MAX_TOKENS);

function scan(s: string, from: number, to: number): number {
  let n = 0;
  let start = from;
  while (start < to && n < MAX_TOKENS) {
    let space = s.indexOf(' ', start);
    if (space < 0 || space > to) space = to;
    if (space > start) {
      starts[n] = start;
      ends[n] = space;
      n++;
    }
    start = space + 1;
  }
  return n;
}

/** Token k as a value, or null for the `-` / `None` placeholders. */
function value(s: string, k: number): string | null {
  const start = starts[k] as number;
  const len = (ends[k] as number) - start;
  if (len === 1 && s.charCodeAt(start) === 45) return null;
  if (len === 4 && s.startsWith('None', start)) return null;
  return s.substring(start, start + len);
}

function isRequestId(s: string, k: number): boolean {
  return s.startsWith('req-', starts[k]);
}

function isPlaceholder(s: string, k: number): boolean {
  return value(s, k) === null;
}

/**
 * Fills the identity fields of `record` from the bracket's inner text, s[from, to) (without the brackets).
 * Returns the system scope when one is written, for the caller's `extra`.
 */
export function applyContext(record: ParsedLog, s: string, from: number, to: number): string | null {
  const count = scan(s, from, to);
  if (count === 0 || (count === 1 && isPlaceholder(s, 0))) return null;
  let i: number;
  let devstackOrder = false;
  if (count > 1 && isRequestId(s, 1)) {
    // Two leading slots: global request id (or a placeholder), then the request id.
    const globalId = isRequestId(s, 0);
    record.globalRequestId = globalId ? value(s, 0) : null;
    record.requestId = value(s, 1);
    devstackOrder = !globalId;
    i = 2;
  } else if (isRequestId(s, 0)) {
    record.requestId = value(s, 0);
    i = 1;
  } else {
    i = isPlaceholder(s, 0) ? 1 : 0;
  }
  const n = count - i;
  if (n <= 0) return null;
  if (n === 2) {
    // Two identity tokens: devstack writes names as `project user`; older formats ids as `user tenant`.
    const a = value(s, i);
    const b = value(s, i + 1);
    const user = devstackOrder ? b : a;
    const project = devstackOrder ? a : b;
    const ids = (user === null || HEX_ID.test(user)) && (project === null || HEX_ID.test(project));
    if (ids) {
      record.userId = user;
      record.projectId = project;
    } else {
      record.userName = user;
      record.projectName = project;
    }
    return null;
  }
  record.userId = value(s, i);
  if (n === 1) return null;
  record.projectId = value(s, i + 1);
  if (n === 5) {
    // user tenant domain user_domain project_domain (before oslo added system_scope)
    record.domain = value(s, i + 2);
    record.userDomain = value(s, i + 3);
    record.projectDomain = value(s, i + 4);
    return null;
  }
  if (n >= 6) {
    record.domain = value(s, i + 2);
    record.userDomain = value(s, i + 4);
    record.projectDomain = value(s, i + 5);
    return value(s, i + 3);
  }
  if (n === 3) record.domain = value(s, i + 2);
  return null;
}
