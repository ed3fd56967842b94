/**
 * Where-it-was-logged suffixes appended to messages: oslo's `logging_debug_format_suffix`
 * (`... funcName /path/to/module.py:123`, DEBUG only) and devstack's
 * `... {{(pid=1234) funcName /opt/stack/nova/nova/module.py:123}}` (any level).
 * Half of a DEBUG-heavy log has one, so this reads char codes and allocates only the result.
 */

export interface DebugSuffix {
  /** The message without the suffix (and the space before it). */
  message: string;
  funcName: string;
  pathname: string;
  lineno: number;
  /** Process id from devstack's form. */
  pid: number | null;
}

/**
 * Reads `funcName pathname:lineno` ending at `end` (exclusive) and starting after `from`; fills `out`
 * (but not `message`) and returns where funcName starts, or -1 when the text does not end that way.
 */
function readWhere(s: string, from: number, end: number, requirePy: boolean, out: DebugSuffix): number {
  let i = end - 1;
  let lineno = 0;
  let scale = 1;
  let c = s.charCodeAt(i);
  while (i > from && c >= 48 && c <= 57) {
    lineno += (c - 48) * scale;
    scale *= 10;
    c = s.charCodeAt(--i);
  }
  if (i === end - 1 || c !== 58 /* : */) return -1;
  const colon = i;
  // oslo's suffix names a Python file; anything else ending in ":<digits>" is message text.
  if (
    requirePy &&
    !(s.charCodeAt(colon - 1) === 121 && s.charCodeAt(colon - 2) === 112 && s.charCodeAt(colon - 3) === 46)
  )
    return -1;
  const pathStart = s.lastIndexOf(' ', colon) + 1;
  if (pathStart <= from || s.charCodeAt(pathStart) !== 47 /* / */) return -1;
  const funcStart = s.lastIndexOf(' ', pathStart - 2) + 1;
  if (funcStart < from || funcStart >= pathStart - 1) return -1;
  out.funcName = s.substring(funcStart, pathStart - 1);
  out.pathname = s.substring(pathStart, colon);
  out.lineno = lineno;
  out.pid = null;
  return funcStart;
}

function newSuffix(): DebugSuffix {
  return { message: '', funcName: '', pathname: '', lineno: 0, pid: null };
}

/** Splits oslo's DEBUG suffix off a message; null when the message does not end with one. */
export function splitDebugSuffix(message: string, out: DebugSuffix = newSuffix()): DebugSuffix | null {
  const last = message.charCodeAt(message.length - 1);
  if (last < 48 || last > 57) return null;
  const start = readWhere(message, 0, message.length, true, out);
  // The suffix is joined with one space; a message made only of the suffix is left alone.
  if (start <= 0 || message.charCodeAt(start - 1) !== 32) return null;
  out.message = message.substring(0, start - 1);
  return out;
}

/** Splits devstack's `{{(pid=N) func path:line}}` suffix off a message; null when absent. */
export function splitDevstackSuffix(message: string, out: DebugSuffix = newSuffix()): DebugSuffix | null {
  const len = message.length;
  if (message.charCodeAt(len - 1) !== 125 || message.charCodeAt(len - 2) !== 125) return null;
  const open = message.lastIndexOf('{{(pid=');
  if (open < 0) return null;
  const close = message.indexOf(') ', open);
  if (close < 0) return null;
  if (readWhere(message, close + 1, len - 2, false, out) !== close + 2) return null;
  let cut = open;
  while (cut > 0 && message.charCodeAt(cut - 1) === 32) cut--;
  out.message = message.substring(0, cut);
  out.pid = Number(message.substring(open + 7, close));
  return out;
}
