import { createTextParser } from './oslo-text';
import { parseLines } from '../../test/support/parse-helpers';

const I = '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d';
const R = 'req-2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d';
const U = '7c3f9a2e1d4b4c5e8f9a0b1c2d3e4f50';
const P = '1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6';

interface FoldCase {
  name: string;
  lines: string[];
  /** Per record: message, traceback, extra, and how many source lines it holds. */
  expected: Array<{
    message: string;
    traceback?: string | null;
    extra?: Record<string, unknown> | null;
    lines: number;
  }>;
}

const PREFIX = `2026-11-24 10:41:05.771 4412 ERROR nova.compute.manager [instance: ${I}] `;
const OLD = '2013-01-25 09:30:45.002 5521 TRACE cinder.volume.manager ';

const FOLDS: FoldCase[] = [
  {
    name: 'current traceback: every line carries the exception prefix',
    lines: [
      `2026-11-24 10:41:05.771 4412 ERROR nova.compute.manager [${R} ${U} ${P} - - -] [instance: ${I}] Instance failed to spawn: libvirt.libvirtError: internal error`,
      `${PREFIX}Traceback (most recent call last):`,
      `${PREFIX}  File "/usr/lib/python3/dist-packages/nova/compute/manager.py", line 2743, in _build_resources`,
      `${PREFIX}    yield resources`,
      `${PREFIX}libvirt.libvirtError: internal error`,
      `${PREFIX}`,
      `2026-11-24 10:41:05.779 4412 INFO nova.compute.manager [${R} ${U} ${P} - - -] [instance: ${I}] Terminating instance`,
    ],
    expected: [
      {
        message: 'Instance failed to spawn: libvirt.libvirtError: internal error',
        traceback:
          'Traceback (most recent call last):\n  File "/usr/lib/python3/dist-packages/nova/compute/manager.py", line 2743, in _build_resources\n    yield resources\nlibvirt.libvirtError: internal error',
        lines: 6,
      },
      { message: 'Terminating instance', lines: 1 },
    ],
  },
  {
    name: '2013 TRACE lines continue the ERROR record of the same pid and logger',
    lines: [
      `2013-01-25 09:30:45.002 5521 ERROR cinder.volume.manager [req-3c1f2e4d-5a6b-4c7d-8e9f-0a1b2c3d4e5f ${U} ${P}] volume volume-9d3b: create failed`,
      `${OLD}Traceback (most recent call last):`,
      `${OLD}  File "/usr/lib/python2.7/dist-packages/cinder/volume/manager.py", line 232, in create_volume`,
      `${OLD}ProcessExecutionError: Unexpected error while running command.`,
      `${OLD}Exit code: 5`,
      `2013-01-25 09:30:46.500 5521 INFO cinder.volume.manager [-] Updating volume status`,
    ],
    expected: [
      {
        message: 'volume volume-9d3b: create failed',
        traceback:
          'Traceback (most recent call last):\n  File "/usr/lib/python2.7/dist-packages/cinder/volume/manager.py", line 232, in create_volume\nProcessExecutionError: Unexpected error while running command.\nExit code: 5',
        lines: 5,
      },
      { message: 'Updating volume status', lines: 1 },
    ],
  },
  {
    name: 'a remote traceback inside the message (lines without a timestamp)',
    lines: [
      '2026-11-24 10:41:03.512 3310 ERROR nova.conductor.manager [-] Failed to schedule instances: NoValidHost_Remote: No valid host was found.',
      'Traceback (most recent call last):',
      '',
      '  File "/usr/lib/python3/dist-packages/nova/scheduler/manager.py", line 223, in select_destinations',
      '    raise exception.NoValidHost(reason="")',
      '',
      'nova.exception.NoValidHost: No valid host was found.',
      '',
    ],
    expected: [
      {
        message: 'Failed to schedule instances: NoValidHost_Remote: No valid host was found.',
        // Blank lines inside a traceback are dropped (the JSON formatter does not write them).
        traceback:
          'Traceback (most recent call last):\n  File "/usr/lib/python3/dist-packages/nova/scheduler/manager.py", line 223, in select_destinations\n    raise exception.NoValidHost(reason="")\nnova.exception.NoValidHost: No valid host was found.',
        lines: 8,
      },
    ],
  },
  {
    name: 'a RESP BODY dump continues in extra.continuation',
    lines: [
      '2026-11-24 10:41:02.000 2871 DEBUG keystoneauth.session [-] RESP BODY: {"servers": [{"id": "0b1c2d3e",',
      '  "status": "ACTIVE"}]}',
      '2026-11-24 10:41:02.010 2871 DEBUG keystoneauth.session [-] GET call to compute for http://10.0.0.5/compute/v2.1/servers used request id req-1',
    ],
    expected: [
      {
        message: 'RESP BODY: {"servers": [{"id": "0b1c2d3e",',
        extra: { continuation: '  "status": "ACTIVE"}]}' },
        lines: 2,
      },
      { message: 'GET call to compute for http://10.0.0.5/compute/v2.1/servers used request id req-1', lines: 1 },
    ],
  },
  {
    name: 'a multi-line DEBUG message carries the suffix on its last line',
    lines: [
      `2026-11-24 10:41:04.950 4412 DEBUG nova.virt.libvirt.driver [-] [instance: ${I}] End _get_guest_xml xml=<domain type="kvm">`,
      '  <name>instance-0000002a</name>',
      '</domain>',
      ' _get_guest_xml /usr/lib/python3/dist-packages/nova/virt/libvirt/driver.py:7640',
    ],
    expected: [
      {
        message: 'End _get_guest_xml xml=<domain type="kvm">',
        extra: {
          continuation: '  <name>instance-0000002a</name>\n</domain>',
          funcName: '_get_guest_xml',
          pathname: '/usr/lib/python3/dist-packages/nova/virt/libvirt/driver.py',
          lineno: 7640,
        },
        lines: 4,
      },
    ],
  },
  {
    name: 'same prefix but not a traceback: two records',
    lines: [
      '2026-11-24 10:41:05.771 4412 ERROR nova.compute.manager [-] First failure',
      '2026-11-24 10:41:05.771 4412 ERROR nova.compute.manager [-] Second failure',
    ],
    expected: [
      { message: 'First failure', lines: 1 },
      { message: 'Second failure', lines: 1 },
    ],
  },
  {
    name: 'a line of another program with its own timestamp stays in the record, text intact',
    lines: [
      '2026-11-24 10:41:05.771 4412 ERROR nova.compute.manager [-] Failure',
      '2026-11-24 10:41:05.701+0000: 2471: error : qemuMonitorIO:620 : internal error: End of file from qemu monitor',
      'continued libvirt text',
    ],
    expected: [
      {
        message: 'Failure',
        extra: {
          continuation:
            '2026-11-24 10:41:05.701+0000: 2471: error : qemuMonitorIO:620 : internal error: End of file from qemu monitor\ncontinued libvirt text',
        },
        lines: 3,
      },
    ],
  },
  {
    name: 'after a line that fits no format, a line with its own timestamp starts the next (a libvirtd log)',
    lines: [
      '2026-11-24 10:41:05.701+0000: 2471: error : qemuMonitorIO:620 : internal error: End of file from qemu monitor',
      'continued libvirt text',
      '2026-11-24 10:41:05.702+0000: 2471: info : qemuProcessStop:8245 : VM instance-0000002a stopped',
    ],
    expected: [
      {
        message:
          '2026-11-24 10:41:05.701+0000: 2471: error : qemuMonitorIO:620 : internal error: End of file from qemu monitor',
        extra: { unparsed: true, continuation: 'continued libvirt text' },
        lines: 2,
      },
      {
        message: '2026-11-24 10:41:05.702+0000: 2471: info : qemuProcessStop:8245 : VM instance-0000002a stopped',
        extra: { unparsed: true },
        lines: 1,
      },
    ],
  },
  {
    name: 'a traceback prefix from another process is not folded',
    lines: [
      '2026-11-24 10:41:05.771 4412 ERROR nova.compute.manager [-] Failure in 4412',
      '2026-11-24 10:41:05.771 4413 ERROR nova.compute.manager Traceback (most recent call last):',
    ],
    expected: [
      { message: 'Failure in 4412', lines: 1 },
      { message: 'Traceback (most recent call last):', lines: 1 },
    ],
  },
  {
    name: 'journald: traceback lines of the same program fold; another program is a record of its own',
    lines: [
      `Nov 24 10:41:05 devstack nova-compute[96215]: ERROR nova.compute.manager [None ${R} demo admin] [instance: ${I}] Instance failed to spawn`,
      `Nov 24 10:41:05 devstack nova-compute[96215]: ERROR nova.compute.manager [instance: ${I}] Traceback (most recent call last):`,
      `Nov 24 10:41:06 devstack nova-compute[96215]: ERROR nova.compute.manager [instance: ${I}] nova.exception.PortBindingFailed: Binding failed`,
      'Nov 24 10:41:06 devstack sudo[97001]:    stack : PWD=/ ; USER=root ; COMMAND=/usr/local/bin/nova-rootwrap',
    ],
    expected: [
      {
        message: 'Instance failed to spawn',
        traceback: 'Traceback (most recent call last):\nnova.exception.PortBindingFailed: Binding failed',
        lines: 3,
      },
      {
        message: '   stack : PWD=/ ; USER=root ; COMMAND=/usr/local/bin/nova-rootwrap',
        extra: { unparsed: true },
        lines: 1,
      },
    ],
  },
  {
    name: 'journald: a uWSGI request line of the same process is a record, not a continuation',
    lines: [
      'Nov 24 10:41:03 devstack devstack@keystone.service[96215]: DEBUG keystone.server.flask.request_processing.req_logging [None req-1 None None] REQUEST_METHOD: `POST`',
      'Nov 24 10:41:03 devstack devstack@keystone.service[96215]: [pid: 96215|app: 0|req: 3/12] 10.0.0.15 () {58 vars in 1157 bytes} [Tue Nov 24 10:41:03 2026] POST /identity/v3/auth/tokens => generated 4213 bytes in 351 msecs (HTTP/1.1 201) 6 headers in 386 bytes (1 switches on core 0)',
    ],
    expected: [
      { message: 'REQUEST_METHOD: `POST`', extra: { wrapperService: 'devstack@keystone.service' }, lines: 1 },
      {
        message:
          '[pid: 96215|app: 0|req: 3/12] 10.0.0.15 () {58 vars in 1157 bytes} [Tue Nov 24 10:41:03 2026] POST /identity/v3/auth/tokens => generated 4213 bytes in 351 msecs (HTTP/1.1 201) 6 headers in 386 bytes (1 switches on core 0)',
        extra: { responseLength: 4213, wrapperService: 'devstack@keystone.service' },
        lines: 1,
      },
    ],
  },
  {
    name: 'CRI partial lines (P) are joined with the line that completes them',
    lines: [
      '2025-05-14T04:34:14.200000000Z stderr P 2025-05-14 04:34:14.199 7 INFO nova.scheduler.manager [-] A long message, wh',
      '2025-05-14T04:34:14.200000001Z stderr P ich the runtime split ',
      '2025-05-14T04:34:14.200000002Z stderr F twice.',
    ],
    expected: [{ message: 'A long message, which the runtime split twice.', lines: 3 }],
  },
];

describe('createTextParser: folding multi-line records', () => {
  it.each(FOLDS.map((c) => [c.name, c] as const))('%s', (_name, fold) => {
    const records = parseLines(fold.lines);
    expect(
      records.map((r) => ({
        message: r.message,
        traceback: r.traceback,
        extra: r.extra,
        lines: r.raw.split('\n').length,
      })),
    ).toEqual(fold.expected.map((e) => ({ traceback: null, extra: null, ...e })));
    // raw is the exact source text: all lines, joined with \n, nothing dropped.
    expect(records.map((r) => r.raw).join('\n')).toBe(fold.lines.join('\n'));
  });
});

describe('createTextParser: streaming contract', () => {
  const lines = [
    '2026-11-24 10:41:05.771 4412 ERROR nova.compute.manager [-] Failure',
    '2026-11-24 10:41:05.771 4412 ERROR nova.compute.manager Traceback (most recent call last):',
    '2026-11-24 10:41:05.771 4412 ERROR nova.compute.manager RuntimeError: boom',
    '2026-11-24 10:41:06.000 4412 INFO nova.compute.manager [-] Next',
  ];

  it('returns a record only when the next one starts, and reports where the pending one begins', () => {
    const parser = createTextParser({ file: 'nova-compute.log' });
    expect(parser.pendingOffset()).toBeNull();
    const offsets = [0, 100, 200, 300];
    expect(parser.push(lines[0] as string, offsets[0] as number)).toEqual([]);
    expect(parser.pendingOffset()).toBe(0);
    expect(parser.push(lines[1] as string, 100)).toEqual([]);
    expect(parser.push(lines[2] as string, 200)).toEqual([]);
    expect(parser.pendingOffset()).toBe(0);
    const done = parser.push(lines[3] as string, 300);
    expect(done.map((r) => [r.message, r.source, r.traceback])).toEqual([
      ['Failure', { file: 'nova-compute.log', offset: 0 }, 'Traceback (most recent call last):\nRuntimeError: boom'],
    ]);
    expect(parser.pendingOffset()).toBe(300);
    expect(parser.flush().map((r) => [r.message, r.source.offset])).toEqual([['Next', 300]]);
    expect(parser.pendingOffset()).toBeNull();
    expect(parser.flush()).toEqual([]);
  });

  it('reports the start of a CRI partial line as pending', () => {
    const parser = createTextParser({});
    expect(parser.push('2025-05-14T04:34:14.2Z stdout P 2025-05-14 04:34:14.199 7 INFO nova.x [-] ha', 40)).toEqual([]);
    expect(parser.pendingOffset()).toBe(40);
    expect(parser.flush().map((r) => [r.message, r.source.offset])).toEqual([['ha', 40]]);
  });

  it('strips a trailing carriage return but keeps it in raw', () => {
    const [record] = parseLines(['2026-11-24 10:41:06.000 4412 INFO nova.compute.manager [-] Next\r']);
    expect([record?.message, record?.raw]).toEqual([
      'Next',
      '2026-11-24 10:41:06.000 4412 INFO nova.compute.manager [-] Next\r',
    ]);
  });
});
