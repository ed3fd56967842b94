/**
 * The fingerprint rule on real-looking oslo records: stable across ids, numbers and hosts; different across
 * exception classes, code locations and loggers. Each pair below was written so that exactly one thing differs.
 */
import { errorSignature, type FingerprintInput } from './fingerprint';
import { messageTemplate } from './template';
import { packagePath, readTraceback } from './traceback';

const SPAWN_TB = (
  instanceLine: number,
  prefix = '/usr/lib/python3/dist-packages',
  exception = 'libvirt.libvirtError',
) =>
  [
    'Traceback (most recent call last):',
    `  File "${prefix}/nova/compute/manager.py", line 2743, in _build_resources`,
    '    yield resources',
    `  File "${prefix}/nova/virt/libvirt/driver.py", line ${instanceLine}, in spawn`,
    '    self._create_guest_with_network(',
    '  File "/usr/lib/python3/dist-packages/libvirt.py", line 1385, in createWithFlags',
    "    raise libvirtError('virDomainCreateWithFlags() failed')",
    `${exception}: internal error: qemu unexpectedly closed the monitor: 2026-11-24T10:41:05.701Z qemu-system-x86_64: Address already in use`,
  ].join('\n');

function record(fields: Partial<FingerprintInput>): FingerprintInput {
  return { level: 40, logger: 'nova.compute.manager', host: 'cmp-04', message: '', traceback: null, ...fields };
}

const fp = (fields: Partial<FingerprintInput>): string => {
  const signature = errorSignature(record(fields));
  if (!signature) throw new Error('expected a fingerprint');
  return signature.fingerprint;
};

describe('error fingerprints', () => {
  it('a traceback is its exception class and innermost OpenStack frame, without line numbers', () => {
    const signature = errorSignature(record({ message: 'Instance failed to spawn', traceback: SPAWN_TB(4421) }));
    expect(signature).toMatchObject({
      kind: 'traceback',
      exception: 'libvirt.libvirtError',
      location: 'nova/virt/libvirt/driver.py:spawn',
    });
    expect(signature?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it.each<[string, Partial<FingerprintInput>, Partial<FingerprintInput>]>([
    [
      'line numbers, message ids and install prefix',
      { traceback: SPAWN_TB(4421), message: 'Instance failed to spawn' },
      {
        traceback: SPAWN_TB(4467, '/var/lib/kolla/venv/lib/python3.10/site-packages'),
        message: 'Instance 5c1f… failed to spawn',
      },
    ],
    [
      'host and logger of a traceback',
      { traceback: SPAWN_TB(4421), host: 'cmp-04' },
      { traceback: SPAWN_TB(4421), host: 'cmp-11', logger: 'nova.compute.utils' },
    ],
    [
      'uuids, request ids and numbers in a message',
      {
        logger: 'nova.scheduler.manager',
        message:
          'Got no allocation candidates from the Placement API. This could be due to insufficient resources or a temporary occurrence as compute nodes start up. instance 8d1c2f10-5a0e-4b8e-9d7c-2f4e6a1b3c5d req-6f1c3b2e-8d4a-4f5b-9c6d-7e8f9a0b1c2d vcpus=4',
      },
      {
        logger: 'nova.scheduler.manager',
        message:
          'Got no allocation candidates from the Placement API. This could be due to insufficient resources or a temporary occurrence as compute nodes start up. instance 0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d req-2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d vcpus=16',
      },
    ],
    [
      'hosts, ips and ports',
      {
        logger: 'oslo.messaging._drivers.impl_rabbit',
        host: 'ctl-01',
        message:
          '[a1b2c3d4-0000-4000-8000-000000000001] AMQP server on 10.0.0.11:5672 is unreachable: timed out. Trying again in 1 seconds.',
      },
      {
        logger: 'oslo.messaging._drivers.impl_rabbit',
        host: 'ctl-02',
        message:
          '[a1b2c3d4-0000-4000-8000-000000000002] AMQP server on 10.0.0.12:5672 is unreachable: timed out. Trying again in 32 seconds.',
      },
    ],
    [
      'the record host and numbered host names',
      {
        logger: 'nova.compute.resource_tracker',
        host: 'cmp-04',
        message: 'No compute node record for cmp-04:cmp-04.example.org',
      },
      {
        logger: 'nova.compute.resource_tracker',
        host: 'cmp-11',
        message: 'No compute node record for cmp-11:cmp-11.example.org',
      },
    ],
    [
      'quoted values and hex',
      {
        logger: 'neutron.plugins.ml2.managers',
        message:
          "Failed to bind port 'e1b2…' on host 'cmp-04' for vnic_type normal using segments [{'id': 'seg-1', 'network_type': 'vxlan', 'segmentation_id': 1044}] 0xdeadbeef",
      },
      {
        logger: 'neutron.plugins.ml2.managers',
        message:
          "Failed to bind port 'f9c0…' on host 'cmp-17' for vnic_type normal using segments [{'id': 'seg-2', 'network_type': 'vxlan', 'segmentation_id': 77}] 0x1f2e",
      },
    ],
    [
      'Python 2 TRACE-era paths and source checkouts',
      { traceback: SPAWN_TB(4421, '/usr/lib/python2.7/dist-packages') },
      { traceback: SPAWN_TB(4421, '/opt/stack/nova') },
    ],
  ])('is stable across %s', (_what, a, b) => {
    expect(fp(a)).toBe(fp(b));
  });

  it.each<[string, Partial<FingerprintInput>, Partial<FingerprintInput>]>([
    [
      'exception classes',
      { traceback: SPAWN_TB(4421) },
      { traceback: SPAWN_TB(4421, undefined, 'nova.exception.PortBindingFailed') },
    ],
    [
      'code locations',
      { traceback: SPAWN_TB(4421) },
      { traceback: SPAWN_TB(4421).replace('in spawn', 'in _create_guest') },
    ],
    [
      'files',
      { traceback: SPAWN_TB(4421) },
      { traceback: SPAWN_TB(4421).replace('libvirt/driver.py', 'libvirt/guest.py') },
    ],
    [
      'loggers of one message',
      { logger: 'cinder.volume.manager', message: 'Volume attach timed out' },
      { logger: 'nova.compute.manager', message: 'Volume attach timed out' },
    ],
    [
      'message wordings',
      { message: 'Timeout waiting for vif plugging callback for instance' },
      { message: 'Timeout waiting for network-vif-plugged for instance' },
    ],
  ])('differs across %s', (_what, a, b) => {
    expect(fp(a)).not.toBe(fp(b));
  });

  it('gives nothing below WARNING and something at WARNING', () => {
    expect(errorSignature(record({ level: 20, message: 'Claim successful' }))).toBeNull();
    expect(errorSignature(record({ level: 21, message: 'Claim successful' }))).toBeNull();
    expect(errorSignature(record({ level: 30, message: 'Claim failed' }))?.kind).toBe('message');
  });

  it('a traceback without frames falls back to the message rule', () => {
    const signature = errorSignature(
      record({ message: 'Unexpected error', traceback: 'Traceback (most recent call last):' }),
    );
    expect(signature?.kind).toBe('message');
  });

  it('the last of chained tracebacks is the one raised', () => {
    const chained = [
      'Traceback (most recent call last):',
      '  File "/usr/lib/python3/dist-packages/oslo_messaging/_drivers/amqpdriver.py", line 441, in get',
      '    return self._queues[msg_id].get(block=True, timeout=timeout)',
      'queue.Empty',
      '',
      'During handling of the above exception, another exception occurred:',
      '',
      'Traceback (most recent call last):',
      '  File "/usr/lib/python3/dist-packages/nova/conductor/manager.py", line 1432, in schedule_and_build_instances',
      '    host_lists = self._schedule_instances(context, request_specs[0],',
      '  File "/usr/lib/python3/dist-packages/oslo_messaging/rpc/client.py", line 190, in call',
      '    result = self.transport._send(',
      'oslo_messaging.exceptions.MessagingTimeout: Timed out waiting for a reply to message ID 5e3f1b8c0d2a4f6e8a9b1c3d5e7f9a0b',
    ].join('\n');
    expect(errorSignature(record({ traceback: chained }))).toMatchObject({
      exception: 'oslo_messaging.exceptions.MessagingTimeout',
      location: 'oslo_messaging/rpc/client.py:call',
    });
  });

  it('the innermost frame is OpenStack code, not the library it called', () => {
    expect(readTraceback(SPAWN_TB(4421))?.frames.map((f) => f.openstack)).toEqual([true, true, false]);
  });
});

describe('message templates', () => {
  it.each([
    ['Instance 8d1c2f10-5a0e-4b8e-9d7c-2f4e6a1b3c5d could not be found.', 'Instance <uuid> could not be found.'],
    ['req-6f1c3b2e-8d4a-4f5b-9c6d-7e8f9a0b1c2d timed out', '<req> timed out'],
    ['user 7c3f9a2e1d4b4c5e8f9a0b1c2d3e4f50 has no role', 'user <hex> has no role'],
    ['connect to 2001:db8::1 and fe80::a00:27ff:fe4e:66a1 failed', 'connect to <ip> and <ip> failed'],
    ['Took 12.37 seconds to spawn', 'Took <n> seconds to spawn'],
    ["Unable to find 'br-int'", "Unable to find '<*>'"],
    ['first line\nsecond line', 'first line'],
  ])('%s', (message, template) => {
    expect(messageTemplate(message)).toBe(template);
  });
});

describe('package paths', () => {
  it.each([
    ['/usr/lib/python3/dist-packages/nova/compute/manager.py', 'nova/compute/manager.py'],
    [
      '/var/lib/kolla/venv/lib/python3.10/site-packages/neutron/plugins/ml2/managers.py',
      'neutron/plugins/ml2/managers.py',
    ],
    ['/opt/stack/nova/nova/compute/manager.py', 'nova/compute/manager.py'],
    ['/opt/stack/neutron/neutron/services/placement/client.py', 'neutron/services/placement/client.py'],
    ['/usr/lib/python3.11/threading.py', 'python3.11/threading.py'],
  ])('%s', (file, path) => {
    expect(packagePath(file)).toBe(path);
  });
});
