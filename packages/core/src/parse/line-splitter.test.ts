import { ChunkLineSplitter } from './line-splitter';

function split(chunks: Buffer[], start = 0): Array<[string, number]> {
  const splitter = new ChunkLineSplitter(start);
  const out: Array<[string, number]> = [];
  const sink = (line: string, offset: number): void => {
    out.push([line, offset]);
  };
  for (const chunk of chunks) splitter.push(chunk, sink);
  splitter.end(sink);
  return out;
}

function chunksOf(text: string, size: number): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return chunks;
}

const TEXT = 'INFO start\nDEBUG Не удалось\n\n仮想マシン ok\nlast line without newline';
const EXPECTED: Array<[string, number]> = [
  ['INFO start', 0],
  ['DEBUG Не удалось', 11],
  ['', 11 + Buffer.byteLength('DEBUG Не удалось') + 1],
  ['仮想マシン ok', 11 + Buffer.byteLength('DEBUG Не удалось') + 2],
  ['last line without newline', Buffer.byteLength('INFO start\nDEBUG Не удалось\n\n仮想マシン ok\n')],
];

describe('ChunkLineSplitter', () => {
  it.each([1, 2, 3, 5, 16, 1024])('splits UTF-8 text with byte offsets in chunks of %i bytes', (size) => {
    expect(split(chunksOf(TEXT, size))).toEqual(EXPECTED);
  });

  it('starts counting at a resume offset and keeps carriage returns', () => {
    expect(split([Buffer.from('a\r\nb\n')], 1000)).toEqual([
      ['a\r', 1000],
      ['b', 1003],
    ]);
  });

  it('does not emit a line after a final newline, and reports how far it consumed', () => {
    const splitter = new ChunkLineSplitter();
    const out: string[] = [];
    splitter.push(Buffer.from('one\ntw'), (line) => out.push(line));
    expect(out).toEqual(['one']);
    expect(splitter.consumedOffset).toBe(4);
    splitter.push(Buffer.from('o\n'), (line) => out.push(line));
    expect(splitter.consumedOffset).toBe(8);
    splitter.end((line) => out.push(line));
    expect(out).toEqual(['one', 'two']);
  });

  it('keeps a carried partial line intact when the caller reuses its read buffer', () => {
    const buffer = Buffer.from('first\nsec');
    const splitter = new ChunkLineSplitter();
    const out: string[] = [];
    splitter.push(buffer, (line) => out.push(line));
    buffer.fill(0x78);
    splitter.push(Buffer.from('ond\n'), (line) => out.push(line));
    expect(out).toEqual(['first', 'second']);
  });
});
