/**
 * Helpers for the parser tests: a full expected record with every field,
 * and a way to run a parser over a list of lines with real byte offsets.
 */
import { emptyContext } from '@logcas/contract';
import type { ParsedLog } from '../../src/model/record';
import { createTextParser } from '../../src/parse/oslo-text';
import type { TextParseOptions } from '../../src/parse/types';

/** A complete ParsedLog: nulls everywhere but what `fields` sets. `ts` may be given as ISO text. */
export function expectedRecord(fields: Partial<Omit<ParsedLog, 'ts'>> & { ts: string | Date; raw: string }): ParsedLog {
  return {
    level: 20,
    levelName: 'INFO',
    host: null,
    service: null,
    logger: null,
    pid: null,
    message: '',
    traceback: null,
    ...emptyContext(),
    source: { offset: 0 },
    extra: null,
    ...fields,
    ts: typeof fields.ts === 'string' ? new Date(fields.ts) : fields.ts,
  };
}

/** Pushes `lines` (offsets as a file of them joined by \n would have) and flushes. */
export function parseLines(lines: readonly string[], options: TextParseOptions = {}): ParsedLog[] {
  const parser = createTextParser(options);
  const out: ParsedLog[] = [];
  let offset = 0;
  for (const line of lines) {
    out.push(...parser.push(line, offset));
    offset += Buffer.byteLength(line) + 1;
  }
  out.push(...parser.flush());
  return out;
}
