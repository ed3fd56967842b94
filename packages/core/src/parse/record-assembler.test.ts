/**
 * The record size cap: a record stops growing at RECORD_LIMITS and the rest continues in parts that repeat its
 * header and carry `extra.splitPart`; no source text is lost, in text streams and structured records alike.
 */
import type { ParsedLog } from '../model/record';
import { RECORD_LIMITS } from './record-assembler';
import { parseStructuredRecord } from './structured';
import { parseLines } from '../../test/support/parse-helpers';

const HEADER =
  '2026-11-26 16:27:53.571 28797 DEBUG nova.virt.libvirt.driver [req-6f1c3b2e-8d4a-4f5b-9c6d-7e8f9a0b1c2d req-000000cc-1111-4222-8333-444455556666 - - - - - -] [instance: 0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d] End _get_guest_xml xml=<domain type="kvm">';
const ERROR_HEADER = '2026-11-26 16:27:53.573 28797 ERROR nova.compute.manager [-] Instance failed to spawn';
const PREFIX = '2026-11-26 16:27:53.573 28797 ERROR nova.compute.manager ';
const NEXT = '2026-11-26 16:27:53.600 28797 INFO nova.compute.manager [-] Terminating instance';

function parts(records: ParsedLog[]): Array<[string, number | undefined, number]> {
  return records.map((r) => [r.message, r.extra?.splitPart as number | undefined, r.raw.split('\n').length]);
}

describe('record size cap', () => {
  it('splits a record at its line limit; each part keeps the header, the next record is untouched', () => {
    const xml = Array.from({ length: 7 }, (_, i) => `  <disk device="disk${i}"/>`);
    const records = parseLines([HEADER, ...xml, NEXT], { limits: { maxChars: 1 << 20, maxLines: 3 } });
    expect(parts(records)).toEqual([
      ['End _get_guest_xml xml=<domain type="kvm">', 1, 3],
      ['  <disk device="disk2"/>', 2, 3],
      ['  <disk device="disk5"/>', 3, 2],
      ['Terminating instance', undefined, 1],
    ]);
    for (const record of records.slice(0, 3)) {
      expect([record.ts.toISOString(), record.level, record.logger, record.requestId, record.instance]).toEqual([
        '2026-11-26T16:27:53.571Z',
        10,
        'nova.virt.libvirt.driver',
        'req-000000cc-1111-4222-8333-444455556666',
        '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d',
      ]);
    }
    expect(records[1]?.extra?.continuation).toBe('  <disk device="disk3"/>\n  <disk device="disk4"/>');
    expect(records.map((r) => r.raw).join('\n')).toBe([HEADER, ...xml, NEXT].join('\n'));
  });

  it('keeps a traceback a traceback in the parts that continue it', () => {
    const frames = Array.from({ length: 6 }, (_, i) => `${PREFIX}  File "/usr/lib/python3/nova/f${i}.py", line ${i}`);
    const lines = [ERROR_HEADER, `${PREFIX}Traceback (most recent call last):`, ...frames];
    const records = parseLines(lines, { limits: { maxChars: 1 << 20, maxLines: 4 } });
    expect(records.map((r) => [r.extra?.splitPart, r.traceback?.split('\n').length])).toEqual([
      [1, 3],
      [2, 3],
    ]);
    expect(records[1]?.message).toBe('  File "/usr/lib/python3/nova/f2.py", line 2');
  });

  it('cuts a line longer than the character limit into parts, never inside a surrogate pair', () => {
    const long = `${ERROR_HEADER} ${'仮想マシン😀'.repeat(30)}`;
    const records = parseLines([long], { limits: { maxChars: 50, maxLines: 100 } });
    expect(records.length).toBeGreaterThan(3);
    for (const record of records) {
      expect(record.raw.length).toBeLessThanOrEqual(50);
      expect(record.extra?.splitPart).toBeGreaterThan(0);
      expect(record.raw).not.toMatch(/[\ud800-\udbff]$|^[\udc00-\udfff]/);
    }
    expect(records.map((r) => r.raw).join('')).toBe(long);
  });

  it('bounds a file of lines that fit no format: no single record of the whole file', () => {
    const lines = Array.from({ length: 2500 }, (_, i) => `nova-compute-0 | stray line ${i} from a collector`);
    const limited = parseLines(lines, { limits: { maxChars: 1 << 20, maxLines: 1000 } });
    expect(limited.map((r) => r.raw.split('\n').length)).toEqual([1000, 1000, 500]);
  });

  it('has documented defaults far below the document size MongoDB accepts', () => {
    expect(RECORD_LIMITS).toEqual({ maxChars: 1_048_576, maxLines: 10_000 });
    // At most 3 bytes of UTF-8 per UTF-16 unit, plus the other fields: well under 16 MiB.
    expect(RECORD_LIMITS.maxChars * 3).toBeLessThan(16 * 1024 * 1024);
  });

  it('splits a structured record the same way, each part with its own id text', () => {
    const message = ['RESP BODY: {"servers": [', ...Array.from({ length: 9 }, (_, i) => `  {"id": "${i}"},`), ']}'];
    const records = parseStructuredRecord(
      { message: message.join('\n'), levelname: 'DEBUG', created: 1795690673.571, name: 'keystoneauth.session' },
      { limits: { maxChars: 1 << 20, maxLines: 4 } },
    );
    expect(records.map((r) => [r.message, r.extra?.splitPart])).toEqual([
      ['RESP BODY: {"servers": [', 1],
      ['  {"id": "3"},', 2],
      ['  {"id": "7"},', 3],
    ]);
    expect(new Set(records.map((r) => r.raw)).size).toBe(3);
    expect(records.map((r) => r.ts.getTime())).toEqual([1795690673571, 1795690673571, 1795690673571]);
  });

  it('drops the largest extra fields of an oversized structured record and names them', () => {
    const [record] = parseStructuredRecord(
      { message: 'x', created: 1, levelname: 'INFO', dump: 'y'.repeat(400), small: 1 },
      { limits: { maxChars: 300, maxLines: 10 } },
    );
    expect(record?.extra).toEqual({ small: 1, droppedFields: ['dump'] });
  });
});
