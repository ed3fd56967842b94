/**
 * Whole fixture files (test/fixtures/logs), read the way file ingestion reads them: bytes → ChunkLineSplitter →
 * parser. Every file is checked for the invariants (nothing dropped, raw = the exact bytes at the offset)
 * and for the records that matter in it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedLog } from '../model/record';
import { ChunkLineSplitter } from './line-splitter';
import { createTextParser } from './oslo-text';
import { serviceFromFileName } from './service-name';

const DIR = join(__dirname, '../../test/fixtures/logs');
const R = 'req-2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d';
const G = 'req-6f1c3b2e-8d4a-4f5b-9c6d-7e8f9a0b1c2d';
const I = '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d';

function parseFixture(name: string, chunkSize = 64): { bytes: Buffer; records: ParsedLog[] } {
  const bytes = readFileSync(join(DIR, name));
  // A container log file is named after the container, not the service: the service comes from the lines.
  const service = name.startsWith('container-') ? undefined : (serviceFromFileName(name) ?? undefined);
  const parser = createTextParser({ file: name, host: 'fixture-host', service, year: 2026 });
  const splitter = new ChunkLineSplitter();
  const records: ParsedLog[] = [];
  const sink = (line: string, offset: number): void => {
    records.push(...parser.push(line, offset));
  };
  // Small chunks so lines (and multi-byte characters) straddle chunk boundaries.
  for (let i = 0; i < bytes.length; i += chunkSize) splitter.push(bytes.subarray(i, i + chunkSize), sink);
  splitter.end(sink);
  records.push(...parser.flush());
  return { bytes, records };
}

const FILES = readdirSync(DIR).filter((name) => !name.startsWith('.'));

describe('fixture files: invariants', () => {
  it('has the fixtures this suite describes', () => {
    expect(FILES.sort()).toEqual([
      'cinder-volume.log',
      'container-nova-scheduler.log',
      'journald-nova-compute.txt',
      'keystone.log',
      'neutron-server.log',
      'nova-api.json.log',
      'nova-api.log',
      'nova-compute.log',
      'nova-conductor.log',
      'nova-scheduler.log',
    ]);
  });

  it.each(FILES)('%s: every line lands in exactly one record, raw is the exact source text at its offset', (name) => {
    const { bytes, records } = parseFixture(name);
    const text = bytes.toString('utf8');
    expect(records.map((r) => r.raw).join('\n') + '\n').toBe(text);
    for (const record of records) {
      const offset = record.source.offset as number;
      expect(bytes.subarray(offset, offset + Buffer.byteLength(record.raw)).toString('utf8')).toBe(record.raw);
      expect(record.source.file).toBe(name);
      expect(Number.isNaN(record.ts.getTime())).toBe(false);
    }
  });

  it.each([1, 7, 4096])('gives the same records whatever the chunk size (%i bytes)', (chunkSize) => {
    for (const name of FILES) expect(parseFixture(name, chunkSize).records).toEqual(parseFixture(name).records);
  });
});

type Summary = [level: string, logger: string | null, message: string, traceback: 'traceback' | null];

function summary(records: ParsedLog[]): Summary[] {
  return records.map((r) => [r.levelName, r.logger, r.message.slice(0, 40), r.traceback === null ? null : 'traceback']);
}

describe('fixture files: records', () => {
  it('nova-api.log: API lines, DEBUG suffix, [-] line', () => {
    const { records } = parseFixture('nova-api.log');
    expect(summary(records)).toEqual([
      ['WARNING', 'oslo_config.cfg', 'Deprecated: Option "api_servers" from gr', null],
      ['DEBUG', 'nova.api.openstack.wsgi', "Action: 'create', calling method: <bound", null],
      ['INFO', 'nova.api.openstack.requestlog', '10.0.0.15 "POST /compute/v2.1/servers" s', null],
      ['INFO', 'nova.osapi_compute.wsgi.server', 'fd00:10::15 "GET /v2.1/servers/detail HT', null],
      ['INFO', 'nova.api.openstack.wsgi', 'HTTP exception thrown: Flavor 42 could n', null],
      ['INFO', 'nova.osapi_compute.wsgi.server', '10.0.0.15 "GET /v2.1/flavors/42 HTTP/1.1', null],
    ]);
    expect(records.every((r) => r.service === 'nova-api' && r.host === 'fixture-host' && r.pid === 2871)).toBe(true);
    expect(records.map((r) => [r.remoteAddress, r.httpMethod, r.httpPath, r.httpStatus, r.durationMs])).toEqual([
      [null, null, null, null, null],
      [null, null, null, null, null],
      ['10.0.0.15', 'POST', '/compute/v2.1/servers', 202, 1012.045],
      ['fd00:10::15', 'GET', '/v2.1/servers/detail', 200, 247.783],
      [null, null, null, null, null],
      ['10.0.0.15', 'GET', '/v2.1/flavors/42', 404, 15.328],
    ]);
    expect(records[1]?.message.endsWith('"networks": "auto"}}')).toBe(true);
    expect(records[1]?.extra).toEqual({
      funcName: '_process_stack',
      pathname: '/usr/lib/python3/dist-packages/nova/api/openstack/wsgi.py',
      lineno: 511,
    });
  });

  it('nova-scheduler.log: global request id links to the caller', () => {
    const { records } = parseFixture('nova-scheduler.log');
    expect(records.map((r) => [r.requestId, r.globalRequestId])).toEqual([
      [R, G],
      [R, G],
      [R, G],
      [null, null],
      [R, G],
    ]);
    expect(records.map((r) => (r.extra as { funcName?: string } | null)?.funcName ?? null)).toEqual([
      'select_destinations',
      'get_filtered_objects',
      'get_filtered_objects',
      null,
      'inner',
    ]);
  });

  it('nova-conductor.log: remote traceback and prefixed traceback fold into one ERROR record', () => {
    const { records } = parseFixture('nova-conductor.log');
    expect(summary(records)).toEqual([
      ['INFO', 'nova.conductor.manager', 'Rescheduling instance build', null],
      ['ERROR', 'nova.conductor.manager', 'Failed to schedule instances: nova.excep', 'traceback'],
      ['WARNING', 'nova.scheduler.utils', 'Setting instance to ERROR state.: nova.e', null],
    ]);
    const traceback = records[1]?.traceback ?? '';
    expect(traceback.split('\n').filter((l) => l.startsWith('Traceback'))).toHaveLength(2);
    expect(
      traceback.endsWith(
        'nova.exception_Remote.NoValidHost_Remote: No valid host was found. There are not enough hosts available.',
      ),
    ).toBe(true);
    expect(records[1]?.raw.split('\n')).toHaveLength(16);
  });

  it('nova-compute.log: instance tags, XML continuation, traceback, UTF-8', () => {
    const { records } = parseFixture('nova-compute.log');
    expect(summary(records)).toEqual([
      ['INFO', 'nova.compute.claims', 'Claim successful on node cmp-04', null],
      ['DEBUG', 'nova.virt.libvirt.driver', 'End _get_guest_xml xml=<domain type="kvm', null],
      ['ERROR', 'nova.compute.manager', 'Instance failed to spawn: libvirt.libvir', 'traceback'],
      ['INFO', 'nova.compute.manager', 'Terminating instance', null],
      ['WARNING', 'nova.compute.manager', 'While synchronizing instance power state', null],
      ['INFO', 'nova.compute.manager', 'Не удалось запустить экземпляр: 仮想マシンの起動', null],
    ]);
    expect(records.map((r) => r.instance)).toEqual([I, I, I, I, null, I]);
    expect(records[2]?.traceback?.split('\n')).toHaveLength(6);
    // Offsets are bytes: the line before the Cyrillic one is ASCII, so its offset is its byte position.
    const { bytes } = parseFixture('nova-compute.log');
    expect(records[5]?.source.offset).toBe(bytes.indexOf('2026-11-24 10:41:06.100'));
  });

  it('neutron-server.log: wsgi access lines with two spaces before len, IPv6-mapped address', () => {
    const { records } = parseFixture('neutron-server.log');
    expect(records.map((r) => [r.levelName, r.remoteAddress, r.httpMethod, r.httpStatus, r.durationMs])).toEqual([
      ['INFO', '10.0.0.15', 'GET', 200, 56.319],
      ['DEBUG', null, null, null, null],
      ['ERROR', null, null, null, null],
      ['INFO', '::ffff:10.0.0.16', 'DELETE', 204, 130.042],
    ]);
    expect(records.every((r) => r.service === 'neutron-server')).toBe(true);
  });

  it('cinder-volume.log: 2013 format with TRACE lines', () => {
    const { records } = parseFixture('cinder-volume.log');
    expect(summary(records)).toEqual([
      ['AUDIT', 'cinder.volume.manager', 'volume volume-9d3b1c0e-6f4a-4e8b-9a2c-1d', null],
      ['DEBUG', 'cinder.utils', 'Running cmd (subprocess): sudo cinder-ro', null],
      ['ERROR', 'cinder.volume.manager', 'volume volume-9d3b1c0e-6f4a-4e8b-9a2c-1d', 'traceback'],
      ['INFO', 'cinder.volume.manager', 'Updating volume status', null],
      ['INFO', 'cinder.volume.manager', 'Updating volume status', null],
    ]);
    expect(records[2]?.traceback?.split('\n')).toHaveLength(7);
    expect(records[2]?.ts.toISOString()).toBe('2013-01-25T09:30:45.002Z');
    expect(records[3]?.requestId).toBe('req-7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a');
  });

  it('keystone.log: 2013 and current formats in one file', () => {
    const { records } = parseFixture('keystone.log');
    expect(records.map((r) => [r.levelName, r.logger, r.pid, r.httpMethod, r.httpPath])).toEqual([
      ['DEBUG', 'keystone.common.wsgi', null, null, null],
      ['INFO', 'eventlet.wsgi.server', null, 'POST', '/v2.0/tokens'],
      ['INFO', 'keystone.common.wsgi', 1201, 'POST', '/identity/v3/auth/tokens'],
      ['WARNING', 'keystone.server.flask.application', 1201, null, null],
      ['DEBUG', 'keystone.middleware.auth', 1201, null, null],
    ]);
  });

  it('journald-nova-compute.txt: host, service and pid from the journal, colours stripped', () => {
    const { records } = parseFixture('journald-nova-compute.txt');
    expect(
      records.map((r) => [r.ts.toISOString(), r.host, r.service, r.pid, r.levelName, r.message.slice(0, 30)]),
    ).toEqual([
      ['2026-11-24T10:41:04.000Z', 'devstack', 'nova-compute', 96215, 'INFO', 'Claim successful on node devst'],
      ['2026-11-24T10:41:04.000Z', 'devstack', 'nova-compute', 96215, 'DEBUG', 'Lock "compute_resources" "rele'],
      ['2026-11-24T10:41:05.000Z', 'devstack', 'nova-compute', 96215, 'ERROR', 'Instance failed to spawn: nova'],
      ['2026-11-24T10:41:06.000Z', 'devstack', 'sudo', 97001, 'INFO', '   stack : PWD=/ ; USER=root ;'],
      ['2026-11-24T10:41:07.000Z', 'devstack', 'nova-compute', 96215, 'WARNING', 'Instance is being deleted whil'],
    ]);
    expect(records.some((r) => r.message.includes('\x1b'))).toBe(false);
    expect(records[2]?.traceback).toBe(
      'Traceback (most recent call last):\n  File "/opt/stack/nova/nova/compute/manager.py", line 2743, in _build_resources\n    yield resources\nnova.exception.PortBindingFailed: Binding failed for port 5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',
    );
    expect(records.map((r) => [r.projectName, r.userName])).toEqual([
      ['demo', 'admin'],
      ['demo', 'admin'],
      ['demo', 'admin'],
      [null, null],
      ['demo', 'admin'],
    ]);
  });

  it('container-nova-scheduler.log: container prefixes, CRI partial lines, a non-oslo line kept', () => {
    const { records } = parseFixture('container-nova-scheduler.log');
    expect(records.map((r) => [r.ts.toISOString(), r.service, r.levelName, r.message.slice(0, 40)])).toEqual([
      ['2025-05-14T04:34:10.002Z', null, 'INFO', 'INFO:__main__:Loading config file at /va'],
      ['2025-05-14T04:34:11.324Z', 'nova-scheduler', 'INFO', 'Successfully synced instances from host '],
      ['2025-05-14T04:34:12.000Z', 'nova-scheduler', 'DEBUG', 'Filter ComputeFilter returned 3 host(s)'],
      ['2025-05-14T04:34:13.099Z', null, 'WARNING', 'Got no allocation candidates from the Pl'],
      ['2025-05-14T04:34:14.199Z', null, 'INFO', 'A very long message that the runtime spl'],
    ]);
    expect(records[0]?.extra).toEqual({ unparsed: true });
    expect(records[4]?.message.endsWith('a partial line and the rest of it, which continues here.')).toBe(true);
    expect(records[4]?.extra).toEqual({ continuation: 'nova-scheduler: starting (pid 7)' });
  });

  it('nova-api.json.log: JSONFormatter lines', () => {
    const { records } = parseFixture('nova-api.json.log');
    expect(
      records.map((r) => [
        r.ts.toISOString(),
        r.host,
        r.levelName,
        r.requestId,
        r.userName,
        r.projectName,
        r.remoteAddress,
      ]),
    ).toEqual([
      ['2026-11-24T10:41:03.015Z', 'ctl-01', 'INFO', R, 'alice', 'demo', '10.0.0.15'],
      ['2026-11-24T10:41:04.200Z', 'ctl-01', 'ERROR', 'req-0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f', null, null, null],
    ]);
    expect(records[1]?.traceback?.split('\n')).toHaveLength(4);
  });
});
