import { ERROR_CODES, ParseError } from '../errors';
import type { ParsedLog } from '../model/record';
import { canonicalJson } from './canonical-json';
import { detectStructuredKind, parseStructuredRecord } from './structured';
import { expectedRecord } from '../../test/support/parse-helpers';

/** The one record a structured record below the size cap makes. */
function one(...args: Parameters<typeof parseStructuredRecord>): ParsedLog {
  const records = parseStructuredRecord(...args);
  expect(records).toHaveLength(1);
  return records[0] as ParsedLog;
}

const R = 'req-2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d';
const G = 'req-6f1c3b2e-8d4a-4f5b-9c6d-7e8f9a0b1c2d';
const U = '7c3f9a2e1d4b4c5e8f9a0b1c2d3e4f50';
const P = '1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6';
const I = '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d';

const JSON_FORMATTER = {
  message: 'Claim successful on node cmp-04',
  asctime: '2026-11-24 10:41:04,002',
  name: 'nova.compute.claims',
  msg: 'Claim successful on node %(nodename)s',
  args: { nodename: 'cmp-04' },
  levelname: 'INFO',
  levelno: 20,
  pathname: '/usr/lib/python3/dist-packages/nova/compute/claims.py',
  filename: 'claims.py',
  module: 'claims',
  lineno: 72,
  funcname: '__init__',
  created: 1795516864.002,
  msecs: 2.0,
  relative_created: 51234.5,
  thread: 140234,
  thread_name: 'MainThread',
  process_name: 'MainProcess',
  process: 4412,
  traceback: null,
  hostname: 'cmp-04',
  error_summary: '',
  context: {
    user: U,
    project: P,
    system_scope: null,
    domain: null,
    user_domain: 'default',
    project_domain: 'default',
    is_admin: false,
    auth_token: 'gAAAAABsecret',
    request_id: R,
    global_request_id: G,
    roles: ['member'],
    user_name: 'alice',
    project_name: 'demo',
  },
  extra: { instance: { uuid: I }, project: 'nova', version: '30.0.0' },
};

const FLUENT = {
  message: 'Instance failed to spawn',
  time: '2026-11-24 10:41:05,771',
  name: 'nova.compute.manager',
  level: 'ERROR',
  filename: 'manager.py',
  lineno: 2770,
  module: 'manager',
  funcname: '_build_resources',
  process_name: 'MainProcess',
  cmdline: '/usr/bin/python3 /usr/bin/nova-compute',
  hostname: 'cmp-04',
  traceback:
    'Traceback (most recent call last):\n  File "manager.py", line 2743, in _build_resources\nlibvirt.libvirtError: internal error',
  error_summary: 'libvirt.libvirtError: internal error',
  context: { request_id: R, user_id: U, project_id: P },
  extra: { instance_uuid: I },
};

const LEGACY = {
  _id: { $oid: '5102a5b4e4b0c8d3f1a2b3c4' },
  created: 1359106245.002,
  time: '2013-01-25 09:30:45.002',
  levelno: 40,
  levelname: 'ERROR',
  hostname: 'cinder-01',
  binary: 'cinder-volume',
  name: 'cinder.volume.manager',
  message: 'volume volume-9d3b: create failed',
  funcname: 'create_volume',
  lineno: 240,
  process: 5521,
  traceback: [
    'Traceback (most recent call last):\n',
    '  File "manager.py", line 232, in create_volume\n',
    'ProcessExecutionError: Exit code: 5\n',
  ],
  extra: {
    request_id: 'req-3c1f',
    user_id: U,
    project_id: P,
    project_name: 'demo',
    user_name: 'alice',
    remote_address: '10.0.0.1',
    color: 'red',
  },
};

type Case = [name: string, input: Record<string, unknown>, expected: Omit<ParsedLog, 'raw'> | Partial<ParsedLog>];

const CASES: Case[] = [
  [
    'oslo JSONFormatter',
    JSON_FORMATTER,
    {
      ts: new Date('2026-11-24T10:41:04.002Z'),
      host: 'cmp-04',
      logger: 'nova.compute.claims',
      pid: 4412,
      message: 'Claim successful on node cmp-04',
      requestId: R,
      globalRequestId: G,
      userId: U,
      projectId: P,
      userDomain: 'default',
      projectDomain: 'default',
      userName: 'alice',
      projectName: 'demo',
      instance: I,
      source: {},
      extra: {
        pathname: '/usr/lib/python3/dist-packages/nova/compute/claims.py',
        filename: 'claims.py',
        module: 'claims',
        lineno: 72,
        funcName: '__init__',
        thread: 140234,
        thread_name: 'MainThread',
        process_name: 'MainProcess',
        project: 'nova',
        version: '30.0.0',
        context: { system_scope: null, is_admin: false, auth_token: 'gAAAAABsecret', roles: ['member'] },
      },
    },
  ],
  [
    'oslo FluentFormatter',
    FLUENT,
    {
      ts: new Date('2026-11-24T10:41:05.771Z'),
      level: 40,
      levelName: 'ERROR',
      host: 'cmp-04',
      logger: 'nova.compute.manager',
      // As the text formatter writes it: the error summary after the message.
      message: 'Instance failed to spawn: libvirt.libvirtError: internal error',
      traceback: FLUENT.traceback,
      requestId: R,
      userId: U,
      projectId: P,
      instance: I,
      source: {},
      extra: {
        filename: 'manager.py',
        lineno: 2770,
        module: 'manager',
        funcName: '_build_resources',
        process_name: 'MainProcess',
        cmdline: '/usr/bin/python3 /usr/bin/nova-compute',
      },
    },
  ],
  [
    '2013 LogCAS document (mongoexport)',
    LEGACY,
    {
      ts: new Date('2013-01-25T09:30:45.002Z'),
      level: 40,
      levelName: 'ERROR',
      host: 'cinder-01',
      service: 'cinder-volume',
      logger: 'cinder.volume.manager',
      pid: 5521,
      message: 'volume volume-9d3b: create failed',
      traceback:
        'Traceback (most recent call last):\n  File "manager.py", line 232, in create_volume\nProcessExecutionError: Exit code: 5',
      requestId: 'req-3c1f',
      userId: U,
      projectId: P,
      userName: 'alice',
      projectName: 'demo',
      remoteAddress: '10.0.0.1',
      source: {},
      extra: { color: 'red', lineno: 240, funcName: 'create_volume', legacyId: '5102a5b4e4b0c8d3f1a2b3c4' },
    },
  ],
  [
    'minimal record with a string epoch and a WARN alias',
    { message: 'disk almost full', levelname: 'warn', created: '1795516864.5' },
    {
      ts: new Date('2026-11-24T10:41:04.500Z'),
      level: 30,
      levelName: 'WARNING',
      message: 'disk almost full',
      source: {},
    },
  ],
  [
    'no level means INFO; ISO time with a zone',
    { message: 'hello', time: '2026-11-24T11:41:04.000+01:00' },
    { ts: new Date('2026-11-24T10:41:04.000Z'), message: 'hello', source: {} },
  ],
];

describe('parseStructuredRecord', () => {
  it.each(CASES)('%s', (_name, input, expected) => {
    const record = one(input);
    expect(record).toEqual(
      expectedRecord({ ...(expected as Partial<ParsedLog> & { ts: Date }), raw: canonicalJson(input) }),
    );
  });

  it.each([
    ['oslo-json', JSON_FORMATTER],
    ['fluent', FLUENT],
    ['legacy-logcas', LEGACY],
    ['legacy-logcas', { message: 'x', created: 1, extra: { request_id: 'req-1' } }],
  ] as const)('detects %s', (kind, input) => {
    expect(detectStructuredKind(input)).toBe(kind);
  });

  it('uses the option defaults only for fields the record lacks', () => {
    const record = one(
      { message: 'x', created: 1795516864, hostname: 'cmp-04' },
      { host: 'fallback-host', service: 'nova-compute', channel: 'http' },
    );
    expect([record.host, record.service, record.source]).toEqual(['cmp-04', 'nova-compute', { channel: 'http' }]);
  });

  it('reads naive time strings in the timezone option', () => {
    const record = one(FLUENT, { timezone: 'Asia/Tokyo' });
    expect(record.ts.toISOString()).toBe('2026-11-24T01:41:05.771Z');
  });

  it('gives the same raw text (hence id) to the same record with keys in another order', () => {
    const reordered = Object.fromEntries(Object.entries(JSON_FORMATTER).reverse());
    expect(one(reordered).raw).toBe(one(JSON_FORMATTER).raw);
    expect(one({ ...JSON_FORMATTER, message: 'other' }).raw).not.toBe(one(JSON_FORMATTER).raw);
  });

  it.each([
    ['a string', 'INFO hello', /must be a JSON object, got "INFO hello"/],
    ['null', null, /must be a JSON object, got null/],
    ['an array', [{ message: 'x' }], /must be a JSON object, got an array/],
    ['no message', { levelname: 'INFO', created: 1 }, /needs a "message" field/],
    ['an object message', { message: { text: 'x' }, created: 1 }, /Field "message" must be text/],
    ['no time', { message: 'x', levelname: 'INFO' }, /needs a time: field "created" is missing/],
    [
      'a bad fluent time',
      { message: 'x', level: 'INFO', time: 'yesterday' },
      /Field "time" is not a usable time: "yesterday"/,
    ],
    [
      'an unknown level',
      { message: 'x', created: 1, levelname: 'VERBOSE' },
      /Field "levelname" is not a log level: "VERBOSE"/,
    ],
  ])('throws ParseError for %s', (_name, input, message) => {
    expect(() => one(input)).toThrow(ParseError);
    expect(() => one(input)).toThrow(message);
    try {
      one(input);
    } catch (error) {
      expect((error as ParseError).code).toBe(ERROR_CODES.parse);
    }
  });
});

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: [3, { d: null, c: 'x' }] }, '{"a":[3,{"c":"x","d":null}],"b":1}'],
    [{ skip: undefined, when: new Date('2026-01-01T00:00:00Z') }, '{"when":"2026-01-01T00:00:00.000Z"}'],
    [[Number.NaN, 'é'], '[null,"é"]'],
  ])('writes %p as %s', (input, expected) => {
    expect(canonicalJson(input)).toBe(expected);
  });
});
