import { ValidationError } from '../errors';
import type { ParsedLog } from '../model/record';
import { createTextParser } from './oslo-text';
import { expectedRecord, parseLines } from '../../test/support/parse-helpers';

const G = 'req-6f1c3b2e-8d4a-4f5b-9c6d-7e8f9a0b1c2d';
const R = 'req-2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d';
const U = '7c3f9a2e1d4b4c5e8f9a0b1c2d3e4f50';
const P = '1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6';
const I = '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d';
const CTX = `[${G} ${R} ${U} ${P} - - default default]`;
const IDENTITY = {
  requestId: R,
  globalRequestId: G,
  userId: U,
  projectId: P,
  userDomain: 'default',
  projectDomain: 'default',
};

type Case = [name: string, line: string, expected: Omit<Partial<ParsedLog>, 'ts'> & { ts: string }];

// One line each → the exact record (every field not named here is null; raw is the line; offset 0).
const SINGLE_LINES: Case[] = [
  [
    'current format with global request id and instance',
    `2026-11-24 10:41:03.123 12345 INFO nova.compute.manager ${CTX} [instance: ${I}] Took 12.34 seconds to spawn the instance on the hypervisor.`,
    {
      ts: '2026-11-24T10:41:03.123Z',
      logger: 'nova.compute.manager',
      pid: 12345,
      message: 'Took 12.34 seconds to spawn the instance on the hypervisor.',
      ...IDENTITY,
      instance: I,
    },
  ],
  [
    '[-] no-context form',
    `2026-11-24 10:41:03.190 3107 INFO nova.scheduler.host_manager [-] Successfully synced instances from host 'cmp-04'.`,
    {
      ts: '2026-11-24T10:41:03.190Z',
      logger: 'nova.scheduler.host_manager',
      pid: 3107,
      message: "Successfully synced instances from host 'cmp-04'.",
    },
  ],
  [
    '2013 [req user tenant] form with AUDIT',
    `2013-01-25 09:30:44.123 5521 AUDIT cinder.volume.manager [req-3c1f2e4d-5a6b-4c7d-8e9f-0a1b2c3d4e5f ${U} ${P}] volume volume-9d3b: creating`,
    {
      ts: '2013-01-25T09:30:44.123Z',
      level: 21,
      levelName: 'AUDIT',
      logger: 'cinder.volume.manager',
      pid: 5521,
      message: 'volume volume-9d3b: creating',
      requestId: 'req-3c1f2e4d-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
      userId: U,
      projectId: P,
    },
  ],
  [
    'older [req user tenant - - -] form',
    `2015-03-02 11:00:00.000 2871 INFO nova.osapi_compute.wsgi.server [${R} ${U} ${P} - - -] Creating server`,
    {
      ts: '2015-03-02T11:00:00.000Z',
      logger: 'nova.osapi_compute.wsgi.server',
      pid: 2871,
      message: 'Creating server',
      requestId: R,
      userId: U,
      projectId: P,
    },
  ],
  [
    'all-unknown identity (keystone before authentication)',
    '2026-11-24 10:41:01.930 1201 WARNING keystone.common.wsgi [req-4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a - - - - - -] Authorization failed.',
    {
      ts: '2026-11-24T10:41:01.930Z',
      level: 30,
      levelName: 'WARNING',
      logger: 'keystone.common.wsgi',
      pid: 1201,
      message: 'Authorization failed.',
      requestId: 'req-4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a',
    },
  ],
  [
    'system scope is kept in extra',
    `2026-11-24 10:41:01.000 1201 INFO keystone.server.flask.application [${G} ${R} ${U} - - all default -] Listing endpoints`,
    {
      ts: '2026-11-24T10:41:01.000Z',
      logger: 'keystone.server.flask.application',
      pid: 1201,
      message: 'Listing endpoints',
      requestId: R,
      globalRequestId: G,
      userId: U,
      userDomain: 'default',
      extra: { systemScope: 'all' },
    },
  ],
  [
    'DEBUG suffix funcName pathname:lineno',
    `2026-11-24 10:41:05.500 4412 DEBUG oslo_concurrency.lockutils [-] Lock "compute_resources" acquired by "nova.compute.resource_tracker.ResourceTracker.instance_claim" :: waited 0.000s inner /usr/lib/python3/dist-packages/oslo_concurrency/lockutils.py:404`,
    {
      ts: '2026-11-24T10:41:05.500Z',
      level: 10,
      levelName: 'DEBUG',
      logger: 'oslo_concurrency.lockutils',
      pid: 4412,
      message:
        'Lock "compute_resources" acquired by "nova.compute.resource_tracker.ResourceTracker.instance_claim" :: waited 0.000s',
      extra: {
        funcName: 'inner',
        pathname: '/usr/lib/python3/dist-packages/oslo_concurrency/lockutils.py',
        lineno: 404,
      },
    },
  ],
  [
    'a non-DEBUG message ending like a suffix is left alone',
    '2026-11-24 10:41:05.500 4412 WARNING nova.virt.libvirt.driver [-] Cannot open /dev/kvm from probe /usr/share/qemu.py:12',
    {
      ts: '2026-11-24T10:41:05.500Z',
      level: 30,
      levelName: 'WARNING',
      logger: 'nova.virt.libvirt.driver',
      pid: 4412,
      message: 'Cannot open /dev/kvm from probe /usr/share/qemu.py:12',
    },
  ],
  [
    'API request line (eventlet wsgi)',
    `2026-11-24 10:41:03.015 2871 INFO nova.osapi_compute.wsgi.server ${CTX} 10.0.0.1 "GET /v2.1/servers/detail HTTP/1.1" status: 200 len: 1893 time: 0.2477829`,
    {
      ts: '2026-11-24T10:41:03.015Z',
      logger: 'nova.osapi_compute.wsgi.server',
      pid: 2871,
      message: '10.0.0.1 "GET /v2.1/servers/detail HTTP/1.1" status: 200 len: 1893 time: 0.2477829',
      ...IDENTITY,
      remoteAddress: '10.0.0.1',
      httpMethod: 'GET',
      httpPath: '/v2.1/servers/detail',
      httpStatus: 200,
      durationMs: 247.783,
      extra: { responseLength: 1893 },
    },
  ],
  [
    'API request line with microversion (nova requestlog)',
    `2026-11-24 10:41:02.871 2871 INFO nova.api.openstack.requestlog ${CTX} fd00:10::15 "POST /compute/v2.1/servers" status: 202 len: 1102 microversion: 2.95 time: 1.012045`,
    {
      ts: '2026-11-24T10:41:02.871Z',
      logger: 'nova.api.openstack.requestlog',
      pid: 2871,
      message: 'fd00:10::15 "POST /compute/v2.1/servers" status: 202 len: 1102 microversion: 2.95 time: 1.012045',
      ...IDENTITY,
      remoteAddress: 'fd00:10::15',
      httpMethod: 'POST',
      httpPath: '/compute/v2.1/servers',
      httpStatus: 202,
      durationMs: 1012.045,
      extra: { responseLength: 1102, microversion: '2.95' },
    },
  ],
  [
    'keystone wsgi method line',
    '2026-11-24 10:41:01.930 1201 INFO keystone.common.wsgi [req-4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a - - - - - -] POST http://10.0.0.5/identity/v3/auth/tokens',
    {
      ts: '2026-11-24T10:41:01.930Z',
      logger: 'keystone.common.wsgi',
      pid: 1201,
      message: 'POST http://10.0.0.5/identity/v3/auth/tokens',
      requestId: 'req-4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a',
      httpMethod: 'POST',
      httpPath: '/identity/v3/auth/tokens',
    },
  ],
  [
    'cinder wsgi completion line',
    `2026-11-24 10:41:07.000 5521 INFO cinder.api.openstack.wsgi ${CTX} http://10.0.0.5/volume/v3/${P}/volumes/detail returned with HTTP 200`,
    {
      ts: '2026-11-24T10:41:07.000Z',
      logger: 'cinder.api.openstack.wsgi',
      pid: 5521,
      message: `http://10.0.0.5/volume/v3/${P}/volumes/detail returned with HTTP 200`,
      ...IDENTITY,
      httpPath: `/volume/v3/${P}/volumes/detail`,
      httpStatus: 200,
    },
  ],
  [
    '2013 keystone format: padded level, logger in brackets, no pid',
    '2013-01-25 09:30:44     INFO [eventlet.wsgi.server] 10.0.0.1 - - [25/Jan/2013 09:30:44] "POST /v2.0/tokens HTTP/1.1" 200 2390 0.047361',
    {
      ts: '2013-01-25T09:30:44.000Z',
      logger: 'eventlet.wsgi.server',
      message: '10.0.0.1 - - [25/Jan/2013 09:30:44] "POST /v2.0/tokens HTTP/1.1" 200 2390 0.047361',
      remoteAddress: '10.0.0.1',
      httpMethod: 'POST',
      httpPath: '/v2.0/tokens',
      httpStatus: 200,
      durationMs: 47.361,
      extra: { responseLength: 2390 },
    },
  ],
  [
    'localised UTF-8 message',
    `2026-11-24 10:41:06.100 4412 INFO nova.compute.manager [-] [instance: ${I}] Не удалось запустить экземпляр: 仮想マシンの起動に失敗しました`,
    {
      ts: '2026-11-24T10:41:06.100Z',
      logger: 'nova.compute.manager',
      pid: 4412,
      message: 'Не удалось запустить экземпляр: 仮想マシンの起動に失敗しました',
      instance: I,
    },
  ],
  [
    'journald export of a devstack line with colours and the {{(pid=N)}} suffix',
    `Nov 24 10:41:04 devstack nova-compute[96215]: \x1b[00;32mDEBUG oslo_concurrency.lockutils [\x1b[01;36mNone ${R} \x1b[00;32mdemo admin\x1b[00;32m] \x1b[01;35m\x1b[00;32mLock "compute_resources" "released" :: held 0.012s {{(pid=96215) inner /opt/stack/oslo.concurrency/oslo_concurrency/lockutils.py:423}}\x1b[00m`,
    {
      ts: '2026-11-24T10:41:04.000Z',
      level: 10,
      levelName: 'DEBUG',
      host: 'devstack',
      service: 'nova-compute',
      logger: 'oslo_concurrency.lockutils',
      pid: 96215,
      message: 'Lock "compute_resources" "released" :: held 0.012s',
      requestId: R,
      projectName: 'demo',
      userName: 'admin',
      extra: { funcName: 'inner', pathname: '/opt/stack/oslo.concurrency/oslo_concurrency/lockutils.py', lineno: 423 },
    },
  ],
  [
    'journald short-iso export of a full oslo line',
    `2026-11-24T10:41:04+0000 cmp-04 nova-compute[4412]: 2026-11-24 10:41:04.002 4412 INFO nova.compute.claims ${CTX} [instance: ${I}] Claim successful on node cmp-04`,
    {
      ts: '2026-11-24T10:41:04.002Z',
      host: 'cmp-04',
      service: 'nova-compute',
      logger: 'nova.compute.claims',
      pid: 4412,
      message: 'Claim successful on node cmp-04',
      ...IDENTITY,
      instance: I,
    },
  ],
  [
    'container runtime prefix naming the service',
    "2025-05-14T04:34:11.325Z [nova-scheduler] 2025-05-14 04:34:11.324 7 INFO nova.scheduler.host_manager [-] Successfully synced instances from host 'cmp-04'.",
    {
      ts: '2025-05-14T04:34:11.324Z',
      service: 'nova-scheduler',
      logger: 'nova.scheduler.host_manager',
      pid: 7,
      message: "Successfully synced instances from host 'cmp-04'.",
    },
  ],
  [
    'CRI log line (stdout F) with ANSI colours',
    `2025-05-14T04:34:13.100000000Z stdout F \x1b[01;33m2025-05-14 04:34:13.099 7 WARNING nova.scheduler.manager ${CTX} Got no allocation candidates from the Placement API.\x1b[00m`,
    {
      ts: '2025-05-14T04:34:13.099Z',
      level: 30,
      levelName: 'WARNING',
      logger: 'nova.scheduler.manager',
      pid: 7,
      message: 'Got no allocation candidates from the Placement API.',
      ...IDENTITY,
    },
  ],
  [
    'oslo JSONFormatter line',
    `{"message": "Claim successful", "levelname": "INFO", "name": "nova.compute.claims", "created": 1795516864.002, "process": 4412, "hostname": "cmp-04", "context": {"request_id": "${R}", "global_request_id": "${G}", "user": "${U}", "project": "${P}"}}`,
    {
      ts: '2026-11-24T10:41:04.002Z',
      host: 'cmp-04',
      logger: 'nova.compute.claims',
      pid: 4412,
      message: 'Claim successful',
      requestId: R,
      globalRequestId: G,
      userId: U,
      projectId: P,
    },
  ],
  [
    'uWSGI request line (keystone under devstack), its own time',
    '[pid: 96215|app: 0|req: 3/12] 10.0.0.15 () {58 vars in 1157 bytes} [Tue Nov 24 10:41:03 2026] POST /identity/v3/auth/tokens => generated 4213 bytes in 351 msecs (HTTP/1.1 201) 6 headers in 386 bytes (1 switches on core 0)',
    {
      ts: '2026-11-24T10:41:03.000Z',
      pid: 96215,
      message:
        '[pid: 96215|app: 0|req: 3/12] 10.0.0.15 () {58 vars in 1157 bytes} [Tue Nov 24 10:41:03 2026] POST /identity/v3/auth/tokens => generated 4213 bytes in 351 msecs (HTTP/1.1 201) 6 headers in 386 bytes (1 switches on core 0)',
      remoteAddress: '10.0.0.15',
      httpMethod: 'POST',
      httpPath: '/identity/v3/auth/tokens',
      httpStatus: 201,
      durationMs: 351,
      extra: { responseLength: 4213 },
    },
  ],
  [
    'a line of another format keeps its own timestamp (libvirtd)',
    '2026-11-24 10:41:05.701+0000: 2471: error : qemuMonitorIO:620 : internal error: End of file from qemu monitor',
    {
      ts: '2026-11-24T10:41:05.701Z',
      message:
        '2026-11-24 10:41:05.701+0000: 2471: error : qemuMonitorIO:620 : internal error: End of file from qemu monitor',
      extra: { unparsed: true },
    },
  ],
  [
    'a line that fits no format is kept (no record pending)',
    'qemu-system-x86_64: terminating on signal 15 from pid 1234 (/usr/sbin/libvirtd)',
    {
      ts: '1970-01-01T00:00:00.000Z',
      message: 'qemu-system-x86_64: terminating on signal 15 from pid 1234 (/usr/sbin/libvirtd)',
      extra: { unparsed: true },
    },
  ],
];

describe('createTextParser: one line → one record', () => {
  it.each(SINGLE_LINES)('%s', (_name, line, expected) => {
    expect(parseLines([line])).toEqual([expectedRecord({ ...expected, raw: line })]);
  });
});

describe('createTextParser: options', () => {
  const line = '2026-07-01 12:00:00.250 2871 INFO nova.api.openstack.wsgi [-] Started';

  it.each([
    ['UTC', '2026-07-01T12:00:00.250Z'],
    ['Europe/Berlin', '2026-07-01T10:00:00.250Z'],
    ['America/New_York', '2026-07-01T16:00:00.250Z'],
    ['Asia/Tokyo', '2026-07-01T03:00:00.250Z'],
  ])('reads naive times in %s', (timezone, iso) => {
    expect(parseLines([line], { timezone })[0]?.ts.toISOString()).toBe(iso);
  });

  it('applies winter time in a zone with daylight saving', () => {
    const [record] = parseLines(['2026-01-15 12:00:00.000 2871 INFO nova.api [-] x'], { timezone: 'Europe/Berlin' });
    expect(record?.ts.toISOString()).toBe('2026-01-15T11:00:00.000Z');
  });

  it('keeps explicit zones of wrappers over the timezone option', () => {
    const [record] = parseLines(['2025-05-14T04:34:15.000Z stdout F not an oslo line'], { timezone: 'Asia/Tokyo' });
    expect(record?.ts.toISOString()).toBe('2025-05-14T04:34:15.000Z');
  });

  it.each(['Mars/Olympus', 'UTC+2', ''])('throws ValidationError for the unknown zone %p', (timezone) => {
    expect(() => createTextParser({ timezone })).toThrow(ValidationError);
    expect(() => createTextParser({ timezone })).toThrow(/timezone/);
  });

  it('uses host, service and file from the options unless a wrapper names them', () => {
    const records = parseLines(
      [line, 'Jan 25 09:30:44 cmp-07 nova-compute[1234]: INFO nova.compute.manager [-] Wrapped'],
      { host: 'ctl-01', service: 'nova-api', file: '/var/log/nova/nova-api.log', year: 2026 },
    );
    expect(records.map((r) => [r.host, r.service, r.pid, r.source])).toEqual([
      ['ctl-01', 'nova-api', 2871, { file: '/var/log/nova/nova-api.log', offset: 0 }],
      ['cmp-07', 'nova-compute', 1234, { file: '/var/log/nova/nova-api.log', offset: line.length + 1 }],
    ]);
    expect(records[1]?.ts.toISOString()).toBe('2026-01-25T09:30:44.000Z');
  });

  it('gives an unparsed first line the fallbackTime, and later ones the time before them', () => {
    const records = parseLines(['+ exec nova-compute', line, '', 'Segmentation fault'], {
      fallbackTime: new Date('2026-07-01T00:00:00Z'),
    });
    expect(records.map((r) => [r.ts.toISOString(), r.message, r.extra])).toEqual([
      ['2026-07-01T00:00:00.000Z', '+ exec nova-compute', { unparsed: true }],
      ['2026-07-01T12:00:00.250Z', 'Started', { continuation: '\nSegmentation fault' }],
    ]);
  });
});

describe('createTextParser: robustness', () => {
  // Every prefix of real lines (as a truncated write or a torn read leaves them) parses without throwing,
  // and each line ends up in exactly one record's raw text.
  const REAL = [
    `2026-11-24 10:41:03.123 12345 INFO nova.compute.manager ${CTX} [instance: ${I}] Took 12.34 seconds to spawn.`,
    `2026-11-24 10:41:02.871 2871 INFO nova.api.openstack.requestlog ${CTX} fd00:10::15 "POST /compute/v2.1/servers" status: 202 len: 1102 microversion: 2.95 time: 1.012045`,
    '2026-11-24 10:41:05.500 4412 DEBUG oslo_concurrency.lockutils [-] Lock "x" acquired :: waited 0.000s inner /usr/lib/python3/dist-packages/oslo_concurrency/lockutils.py:404',
    `Nov 24 10:41:04 devstack nova-compute[96215]: \x1b[00;32mDEBUG oslo_concurrency.lockutils [\x1b[01;36mNone ${R} demo admin] Lock {{(pid=96215) inner /opt/stack/lockutils.py:423}}\x1b[00m`,
    '2025-05-14T04:34:14.200000000Z stderr F 2025-05-14 04:34:14.199 7 INFO nova.scheduler.manager [-] done',
    '{"message": "x", "levelname": "INFO", "created": 1795516864.002}',
  ];

  it.each(REAL.map((line) => [line.slice(0, 50), line]))('every prefix of %s…', (_name, line) => {
    for (let end = 0; end <= line.length; end++) {
      const lines = [line.slice(0, end), '2026-11-24 10:41:06.000 1 INFO x [-] next'];
      const records = parseLines(lines);
      const raws = records.map((r) => r.raw).join('\n');
      // Only a blank line with nothing pending is skipped.
      expect(raws).toBe(lines[0]?.trim() === '' ? lines[1] : lines.join('\n'));
      for (const record of records) expect(Number.isNaN(record.ts.getTime())).toBe(false);
    }
  });
});
