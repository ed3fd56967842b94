/**
 * Record boundaries, table-driven, with lines as oslo.log 8 writes them (taken from the real-producer test's
 * output): a line with level, logger and context bracket starts a record; the exception prefix (ERROR, no
 * bracket, same time, pid and logger) continues it; anything else stays in the record it follows, in every
 * wrapper.
 */
import type { ParsedLog } from '../model/record';
import { parseLines } from '../../test/support/parse-helpers';
import type { TextParseOptions } from './types';

const G = 'req-6f1c3b2e-8d4a-4f5b-9c6d-7e8f9a0b1c2d';
const R = 'req-00000051-1111-4222-8333-444455556666';
const CTX = `[${G} ${R} 7c3f9a2e1d4b4c5e8f9a0b1c2d3e4f50 1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6 - - default default]`;
const I = '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d';
const T = '2026-11-26 11:57:52.333 28789';
// nova-compute on cmp-1, as its journal shows it (the journal's pid is the process's).
const J = 'Nov 26 16:27:53 cmp-1 nova-compute[28797]: ';
const TJ = '2026-11-26 16:27:53.573 28797';
const SUFFIX = 'nova_scheduler /usr/lib/python3/dist-packages/nova/scheduler/manager.py:104';
const QEMU =
  '2026-11-26T10:57:45.573144Z qemu-system-x86_64: -blockdev {"driver":"file"}: Could not open \'/var/lib/nova/instances/disk\': Permission denied';

/** The fields a case checks of each record, and how many source lines it holds. */
type Expected = Partial<Pick<ParsedLog, 'levelName' | 'message' | 'traceback' | 'service' | 'host' | 'pid'>> & {
  lines: number;
  continuation?: string;
  wrapperService?: string;
};

type Case = [name: string, lines: string[], expected: Expected[], options?: TextParseOptions];

function summary(record: ParsedLog, expected: Expected): Expected {
  const got: Expected = { lines: record.raw.split('\n').length };
  for (const field of ['levelName', 'message', 'traceback', 'service', 'host', 'pid'] as const) {
    if (field in expected) (got as Record<string, unknown>)[field] = record[field];
  }
  if ('continuation' in expected) got.continuation = record.extra?.continuation as string;
  if ('wrapperService' in expected) got.wrapperService = record.extra?.wrapperService as string;
  return got;
}

const TRACEBACK = [
  `${T} ERROR nova.scheduler.manager Traceback (most recent call last):`,
  `${T} ERROR nova.scheduler.manager   File "/usr/lib/python3/dist-packages/nova/scheduler/manager.py", line 100, in select_destinations`,
  `${T} ERROR nova.scheduler.manager TimeoutError: Timed out waiting for a reply to message ID 9f1c2d3e`,
  `${T} ERROR nova.scheduler.manager `,
];
const TRACEBACK_TEXT =
  'Traceback (most recent call last):\n  File "/usr/lib/python3/dist-packages/nova/scheduler/manager.py", line 100, in select_destinations\nTimeoutError: Timed out waiting for a reply to message ID 9f1c2d3e';

const CASES: Case[] = [
  [
    'a context bracket starts a record even in the millisecond and logger of a traceback just written',
    [
      `${T} ERROR nova.scheduler.manager ${CTX} Error from last host: cmp-2: TimeoutError: Timed out waiting for a reply to message ID 9f1c2d3e`,
      ...TRACEBACK,
      `${T} DEBUG nova.scheduler.manager [-] Running periodic task SchedulerManager._discover_hosts_in_cells ${SUFFIX}`,
      `${T} INFO nova.scheduler.manager ${CTX} Selected host cmp-1`,
      `${T} ERROR nova.scheduler.manager ${CTX} Selected host cmp-1 failed again`,
    ],
    [
      { levelName: 'ERROR', traceback: TRACEBACK_TEXT, lines: 5 },
      { levelName: 'DEBUG', message: 'Running periodic task SchedulerManager._discover_hosts_in_cells', lines: 1 },
      { levelName: 'INFO', message: 'Selected host cmp-1', lines: 1 },
      { levelName: 'ERROR', message: 'Selected host cmp-1 failed again', traceback: null, lines: 1 },
    ],
  ],
  [
    'the exception prefix (always ERROR) continues a DEBUG or WARNING record logged with exc_info',
    [
      `${T} DEBUG nova.scheduler.manager ${CTX} Aggregate lookup failed, ignoring ${SUFFIX}`,
      ...TRACEBACK,
      `${T} WARNING nova.scheduler.manager ${CTX} Quota check raised; continuing: nova.exception.QuotaWarning: 9 of 10`,
      ...TRACEBACK,
    ],
    [
      { levelName: 'DEBUG', message: 'Aggregate lookup failed, ignoring', traceback: TRACEBACK_TEXT, lines: 5 },
      { levelName: 'WARNING', traceback: TRACEBACK_TEXT, lines: 5 },
    ],
  ],
  [
    'the prefix with an instance, and an exception without a traceback (LOG.exception outside except)',
    [
      `${T} ERROR nova.compute.manager ${CTX} [instance: ${I}] Instance failed to spawn`,
      `${T} ERROR nova.compute.manager [instance: ${I}] NoneType: None`,
      `${T} ERROR nova.compute.manager [instance: ${I}] `,
    ],
    [{ message: 'Instance failed to spawn', traceback: 'NoneType: None', lines: 3 }],
  ],
  [
    'a bracketless line of another level, another time, pid or logger is not the prefix',
    [
      `${T} ERROR nova.scheduler.manager ${CTX} First`,
      `${T} INFO nova.scheduler.manager Traceback (most recent call last):`,
      '2026-11-26 11:57:52.334 28789 ERROR nova.scheduler.manager Traceback (most recent call last):',
      `${T} ERROR nova.scheduler.client Traceback (most recent call last):`,
      '2026-11-26 11:57:52.333 28790 ERROR nova.scheduler.manager Traceback (most recent call last):',
    ],
    [
      { message: 'First', traceback: null, lines: 1 },
      { levelName: 'INFO', lines: 1 },
      { message: 'Traceback (most recent call last):', lines: 1 },
      { message: 'Traceback (most recent call last):', lines: 1 },
      { message: 'Traceback (most recent call last):', pid: 28790, lines: 1 },
    ],
  ],
  [
    "a DEBUG record's suffix on the last line of a remote traceback quoted in its message",
    [
      `${T} DEBUG oslo_messaging.rpc.server ${CTX} Expected exception during message handling (Remote error: NoValidHost`,
      'Traceback (most recent call last):',
      '',
      '  File "/usr/lib/python3/dist-packages/oslo_messaging/rpc/server.py", line 241, in inner',
      `nova.exception.NoValidHost: No valid host was found.) _process_incoming /usr/lib/python3/dist-packages/oslo_messaging/rpc/server.py:174`,
      `${T} ERROR oslo_messaging.rpc.server Traceback (most recent call last):`,
      `${T} ERROR oslo_messaging.rpc.server nova.exception.NoValidHost: No valid host was found.`,
    ],
    [
      {
        message: 'Expected exception during message handling (Remote error: NoValidHost',
        traceback:
          'Traceback (most recent call last):\n  File "/usr/lib/python3/dist-packages/oslo_messaging/rpc/server.py", line 241, in inner\nnova.exception.NoValidHost: No valid host was found.)\nTraceback (most recent call last):\nnova.exception.NoValidHost: No valid host was found.',
        lines: 7,
      },
    ],
  ],
  [
    "qemu's stderr quoted in a libvirt error: its own ISO time, kept whole in the record",
    [
      `${T} ERROR nova.virt.libvirt.driver ${CTX} [instance: ${I}] Failed to start libvirt guest: libvirt.libvirtError: internal error: process exited while connecting to monitor: ${QEMU}`,
      '2026-11-26T10:57:45.573144Z qemu-system-x86_64: terminating on signal 15 from pid 2471 (/usr/sbin/libvirtd)',
      `${T} ERROR nova.virt.libvirt.driver [instance: ${I}] Traceback (most recent call last):`,
      `${T} ERROR nova.virt.libvirt.driver [instance: ${I}] libvirt.libvirtError: internal error: ${QEMU}`,
      `${T} ERROR nova.virt.libvirt.driver [instance: ${I}] 2026-11-26T10:57:45.573144Z qemu-system-x86_64: terminating on signal 15`,
    ],
    [
      {
        continuation:
          '2026-11-26T10:57:45.573144Z qemu-system-x86_64: terminating on signal 15 from pid 2471 (/usr/sbin/libvirtd)',
        traceback: `Traceback (most recent call last):\nlibvirt.libvirtError: internal error: ${QEMU}\n2026-11-26T10:57:45.573144Z qemu-system-x86_64: terminating on signal 15`,
        lines: 5,
      },
    ],
  ],
  [
    'journald, one entry per record: further lines indented to the message, qemu line kept whole',
    [
      `${J}${TJ} ERROR nova.compute.manager ${CTX} Instance failed to spawn`,
      `${' '.repeat(43)}2026-11-26T10:57:45.573144Z qemu-system-x86_64: terminating on signal 15`,
      `${' '.repeat(43)}${TJ} ERROR nova.compute.manager Traceback (most recent call last):`,
      `${' '.repeat(43)}${TJ} ERROR nova.compute.manager   File "/usr/lib/python3/dist-packages/nova/compute/manager.py", line 2743, in _build_resources`,
      `${' '.repeat(43)}${TJ} ERROR nova.compute.manager `,
      `${J}${TJ} DEBUG nova.virt.libvirt.driver ${CTX} End _get_guest_xml xml=<domain type="kvm">`,
      `${' '.repeat(45)}<name>instance-0000002a</name>`,
      `${' '.repeat(43)}</domain> _get_guest_xml /usr/lib/python3/dist-packages/nova/virt/libvirt/driver.py:7640`,
    ],
    [
      {
        host: 'cmp-1',
        service: 'nova-compute',
        continuation: '2026-11-26T10:57:45.573144Z qemu-system-x86_64: terminating on signal 15',
        traceback:
          'Traceback (most recent call last):\n  File "/usr/lib/python3/dist-packages/nova/compute/manager.py", line 2743, in _build_resources',
        lines: 5,
      },
      {
        message: 'End _get_guest_xml xml=<domain type="kvm">',
        continuation: '  <name>instance-0000002a</name>\n</domain>',
        lines: 3,
      },
    ],
  ],
  [
    'journald, one entry per line: the qemu line is the same program, so it stays in the record',
    [
      `${J}${TJ} ERROR nova.compute.manager ${CTX} Instance failed to spawn`,
      `${J}2026-11-26T10:57:45.573144Z qemu-system-x86_64: terminating on signal 15`,
      `${J}${TJ} ERROR nova.compute.manager Traceback (most recent call last):`,
      `Nov 26 16:27:54 cmp-1 nova-compute[28797]: ${TJ} ERROR nova.compute.manager OSError: [Errno 28] No space left on device`,
      'Nov 26 16:27:54 cmp-1 sudo[97001]:    stack : PWD=/ ; USER=root ; COMMAND=/usr/local/bin/nova-rootwrap',
    ],
    [
      {
        continuation: '2026-11-26T10:57:45.573144Z qemu-system-x86_64: terminating on signal 15',
        traceback: 'Traceback (most recent call last):\nOSError: [Errno 28] No space left on device',
        lines: 4,
      },
      { service: 'sudo', lines: 1 },
    ],
  ],
  [
    'kubectl logs --timestamps and CRI: the runtime time is peeled, the qemu line behind it kept whole',
    [
      `2026-11-26T10:57:53.573144000Z ${T} ERROR nova.compute.manager ${CTX} Instance failed to spawn`,
      '2026-11-26T10:57:53.573144000Z 2026-11-26T10:57:45.573144Z qemu-system-x86_64: terminating on signal 15',
      `2026-11-26T10:57:53.573144000Z stdout F ${T} ERROR nova.compute.manager ${CTX} Again`,
      '2026-11-26T10:57:53.573144000Z stdout F 2026-11-26T10:57:45.573144Z qemu-system-x86_64: terminating on signal 15',
    ],
    [
      { continuation: '2026-11-26T10:57:45.573144Z qemu-system-x86_64: terminating on signal 15', lines: 2 },
      { continuation: '2026-11-26T10:57:45.573144Z qemu-system-x86_64: terminating on signal 15', lines: 2 },
    ],
  ],
  [
    "pebble with Apache's error-log time (Sunbeam): wsgi-placement-api is stored as placement-api",
    [
      `2026-11-26T10:57:52.925Z [wsgi-placement-api] 2026-11-26 11:57:52.925336 ${T} ERROR placement.handlers.allocation ${CTX} Unable to allocate inventory: placement.exception.AllocationConflict: conflict`,
      `2026-11-26T10:57:52.925Z [wsgi-placement-api] 2026-11-26 11:57:52.925336 ${T} ERROR placement.handlers.allocation Traceback (most recent call last):`,
      '2026-11-26T10:57:52.925Z [wsgi-placement-api] 2026-11-26 11:57:52.925401 continued text of the error',
      '2026-11-26T10:57:52.926Z [nova-scheduler] a line of another service',
    ],
    [
      {
        service: 'placement-api',
        wrapperService: 'wsgi-placement-api',
        traceback: 'Traceback (most recent call last):\ncontinued text of the error',
        lines: 3,
      },
      { service: 'nova-scheduler', message: 'a line of another service', lines: 1 },
    ],
  ],
  [
    "Apache's default error-log prefix (mod_wsgi), with the daemon's pid",
    [
      `[Thu Nov 26 11:57:52.925336 2026] [wsgi:error] [pid 28789:tid 140234] [remote 10.0.0.15:41234] ${T} ERROR keystone.server.flask.application ${CTX} Authorization failed`,
      `[Thu Nov 26 11:57:52.925390 2026] [wsgi:error] [pid 28789:tid 140234] [remote 10.0.0.15:41234] ${T} ERROR keystone.server.flask.application Traceback (most recent call last):`,
    ],
    [{ message: 'Authorization failed', pid: 28789, traceback: 'Traceback (most recent call last):', lines: 2 }],
  ],
  [
    'an oslo header behind unknown leading tokens: a file name, a collector tag, kubectl --prefix',
    [
      `nova-scheduler.log:${T} ERROR nova.scheduler.manager ${CTX} Error from last host: cmp-2`,
      ...TRACEBACK.map((line) => `nova-scheduler.log:${line}`),
      `[fluentbit.0] ${T} INFO nova.scheduler.manager ${CTX} Selected host cmp-1`,
      'nova-scheduler.log:unrelated text quoting 2026-11-26 11:57:52.333 in the middle',
      `[pod/nova-compute-0/nova-compute] ${T} INFO nova.compute.manager ${CTX} Terminating instance`,
    ],
    [
      { message: 'Error from last host: cmp-2', traceback: TRACEBACK_TEXT, lines: 5 },
      {
        message: 'Selected host cmp-1',
        continuation: 'nova-scheduler.log:unrelated text quoting 2026-11-26 11:57:52.333 in the middle',
        lines: 2,
      },
      { message: 'Terminating instance', service: 'nova-compute', lines: 1 },
    ],
  ],
];

describe('record boundaries', () => {
  // A rest parameter: jest would take a fourth declared parameter for a `done` callback.
  it.each(CASES)('%s', (...[, lines, expected, options]: Case) => {
    const records = parseLines(lines, { year: 2026, ...options });
    expect(records.map((record, i) => summary(record, expected[i] ?? { lines: 0 }))).toEqual(expected);
    // Nothing is lost: every source line is in exactly one record.
    expect(records.map((r) => r.raw).join('\n')).toBe(lines.join('\n'));
  });
});
