import { encode, ExtData } from '@msgpack/msgpack';
import { FrameError, MsgpackSplitter, valueEnd } from './msgpack-frames';

const LIMITS = { maxBytes: 1 << 24, maxDepth: 64 };

// One value of every msgpack format family, at each length width the encoder picks.
const VALUES: Array<[string, unknown]> = [
  ['positive fixint', 7],
  ['negative fixint', -3],
  ['uint8 / uint16 / uint32 / uint64', [200, 60000, 4e9, 2 ** 53 - 1]],
  ['int8 / int16 / int32 / int64', [-100, -30000, -2e9, -(2 ** 53 - 1)]],
  ['float64', 3.25],
  ['nil, true, false', [null, true, false]],
  ['fixstr', 'nova'],
  ['str8', 'x'.repeat(200)],
  ['str16', 'y'.repeat(60000)],
  ['str32', 'z'.repeat(70000)],
  ['bin8 / bin16 / bin32', [new Uint8Array(100), new Uint8Array(300), new Uint8Array(70000)]],
  ['fixext 1/2/4/8/16', [1, 2, 4, 8, 16].map((n) => new ExtData(5, new Uint8Array(n)))],
  ['ext8 / ext16 / ext32', [3, 300, 70000].map((n) => new ExtData(6, new Uint8Array(n)))],
  ['fixarray and array16', [[1, 2, 3], Array.from({ length: 20 }, (_u, i) => i)]],
  ['array32', Array.from({ length: 70000 }, (_u, i) => i % 100)],
  ['fixmap and map16', [{ a: 1 }, Object.fromEntries(Array.from({ length: 20 }, (_u, i) => [`k${i}`, i]))]],
  ['map32', Object.fromEntries(Array.from({ length: 70000 }, (_u, i) => [`k${i}`, i]))],
  ['empty containers', [[], {}, '', new Uint8Array(0)]],
  ['nested', { a: [{ b: [[[{ c: 'deep' }]]] }], d: [] }],
];

function split(stream: Uint8Array, chunkSize: (i: number) => number, limits = LIMITS): Uint8Array[] {
  const splitter = new MsgpackSplitter(limits);
  const values: Uint8Array[] = [];
  for (let pos = 0, i = 0; pos < stream.length; i += 1) {
    const next = Math.min(stream.length, pos + Math.max(1, chunkSize(i)));
    values.push(...splitter.push(stream.subarray(pos, next)));
    pos = next;
  }
  expect(splitter.inProgress).toBe(false);
  return values;
}

describe('MsgpackSplitter', () => {
  const encoded = VALUES.map(([, value]) => encode(value));
  const stream = Buffer.concat(encoded);

  it.each(VALUES.map(([name], i) => [name, i]))('finds the end of a %s value', (_name, i) => {
    const bytes = encoded[i as number] as Uint8Array;
    expect(valueEnd(bytes, 0, LIMITS)).toBe(bytes.length);
  });

  it('cuts a stream into the same values whatever the chunk sizes', () => {
    const expected = encoded.map((bytes) => Buffer.from(bytes).toString('hex'));
    const seeds = [() => 1 << 20, () => 7, (i: number) => (i * 7919) % 4096, (i: number) => (i % 3 === 0 ? 1 : 65536)];
    for (const size of seeds) {
      expect(split(stream, size).map((bytes) => Buffer.from(bytes).toString('hex'))).toEqual(expected);
    }
  });

  it('splits small values fed one byte at a time', () => {
    const small = encoded.filter((bytes) => bytes.length < 400);
    expect(split(Buffer.concat(small), () => 1)).toHaveLength(small.length);
  });

  it('refuses a value over the size limit from its header, before the payload arrives', () => {
    const splitter = new MsgpackSplitter({ maxBytes: 1024, maxDepth: 8 });
    // str32 announcing 1 GiB, with only its header sent.
    expect(() => splitter.push(Buffer.from([0xdb, 0x40, 0, 0, 0]))).toThrow(/larger than the 1 KiB limit/);
    // An array32 announcing more elements than bytes allowed.
    expect(() => new MsgpackSplitter({ maxBytes: 1024, maxDepth: 8 }).push(Buffer.from([0xdd, 0, 1, 0, 0]))).toThrow(
      FrameError,
    );
  });

  it('refuses a value that grows past the limit chunk by chunk', () => {
    const splitter = new MsgpackSplitter({ maxBytes: 4096, maxDepth: 8 });
    const array = encode(Array.from({ length: 2000 }, () => 'abcdef'));
    expect(() => split(array, () => 100, { maxBytes: 4096, maxDepth: 8 })).toThrow(FrameError);
    expect(splitter.inProgress).toBe(false);
  });

  it('refuses nesting deeper than the limit', () => {
    const deep = Buffer.alloc(100, 0x91); // [[[[...
    expect(() => new MsgpackSplitter({ maxBytes: 1024, maxDepth: 32 }).push(deep)).toThrow(/deeper than 32/);
  });

  it('refuses a byte that is not msgpack, keeping the values before it', () => {
    const splitter = new MsgpackSplitter(LIMITS);
    const good = encode(['openstack.nova', 1, { message: 'm' }]);
    expect(() => splitter.push(Buffer.concat([good, Buffer.from([0xc1])]))).toThrow(/0xc1 is not msgpack/);
    expect(splitter.takeCompleted().map((bytes) => Buffer.from(bytes).equals(good))).toEqual([true]);
  });

  it('reports a value cut short', () => {
    const bytes = encode({ message: 'cut' });
    expect(() => valueEnd(bytes.subarray(0, bytes.length - 1), 0, LIMITS)).toThrow(/cut short/);
    const splitter = new MsgpackSplitter(LIMITS);
    splitter.push(bytes.subarray(0, 4));
    expect(splitter.inProgress).toBe(true);
    expect(splitter.pendingBytes).toBe(4);
  });
});
