/**
 * Writes a realistic oslo.log text file for the parse benchmark: interleaved nova-api, nova-scheduler,
 * nova-conductor, nova-compute, neutron-server, cinder-volume and keystone lines in the current format
 * (global + local request ids, six identity tokens), `[-]` lines, DEBUG suffixes, instance tags, API
 * request lines, a few 2013-era lines, WARNING/ERROR records with prefixed tracebacks, a RESP BODY dump
 * now and then, and some localised (UTF-8) messages. Seeded, so every run writes the same bytes.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICES = [
  {
    name: 'nova-api',
    pid: 2871,
    loggers: ['nova.api.openstack.wsgi', 'nova.osapi_compute.wsgi.server', 'nova.api.openstack.compute.servers'],
  },
  {
    name: 'nova-scheduler',
    pid: 3107,
    loggers: ['nova.scheduler.manager', 'nova.scheduler.host_manager', 'nova.scheduler.filter_scheduler'],
  },
  { name: 'nova-conductor', pid: 3310, loggers: ['nova.conductor.manager', 'oslo_messaging._drivers.amqpdriver'] },
  {
    name: 'nova-compute',
    pid: 4412,
    loggers: [
      'nova.compute.manager',
      'nova.virt.libvirt.driver',
      'nova.compute.resource_tracker',
      'oslo_concurrency.lockutils',
    ],
  },
  {
    name: 'neutron-server',
    pid: 1890,
    loggers: ['neutron.wsgi', 'neutron.plugins.ml2.managers', 'neutron.db.provisioning_blocks'],
  },
  {
    name: 'cinder-volume',
    pid: 5521,
    loggers: ['cinder.volume.manager', 'cinder.volume.drivers.lvm', 'os_brick.initiator.connector'],
  },
  { name: 'keystone', pid: 1201, loggers: ['keystone.common.wsgi', 'keystone.auth.core', 'keystone.token.provider'] },
];

const DEBUG_MESSAGES = [
  'Acquiring lock "compute_resources" by "nova.compute.resource_tracker.ResourceTracker._update_available_resource"',
  'Lock "compute_resources" acquired by "nova.compute.resource_tracker.ResourceTracker.instance_claim" :: waited 0.000s',
  'Received RPC response for msg 8f7e6d5c4b3a29180716f5e4d3c2b1a0',
  'Calling driver.attach_volume with connection_info {"driver_volume_type": "iscsi", "data": {"target_portal": "10.0.0.21:3260"}}',
  'Filtered [(cmp-04, cmp-04) ram: 15232MB disk: 401408MB io_ops: 0 instances: 3]',
  'Network info cache updated for instance with 1 VIF(s)',
  'Running periodic task ComputeManager._poll_rebooting_instances',
  'Applying filter RetryFilter to 12 hosts',
];
const INFO_MESSAGES = [
  'Took 11.82 seconds to spawn the instance on the hypervisor.',
  'Instance spawned successfully.',
  'Attaching volume 9d3b1c0e-6f4a-4e8b-9a2c-1d2e3f4a5b6c to /dev/vdb',
  "Successfully synced instances from host 'cmp-04'.",
  'Claim successful on node cmp-04',
  "Volume 9d3b1c0e-6f4a-4e8b-9a2c-1d2e3f4a5b6c: being created as raw with specification: {'status': 'creating'}",
  'Port 5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b status changed to ACTIVE',
  'Compute_service record updated for cmp-04:cmp-04',
  'インスタンスの起動に成功しました。',
  'Instanz wurde erfolgreich gestartet.',
];
const WARNING_MESSAGES = [
  'Timed out waiting for a reply to message ID 6c1b2a3f4e5d4c3b8a9f0e1d2c3b4a59',
  'Unable to find authentication token in headers',
  'Failed to bind port 5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b on host cmp-04 for vnic_type normal',
];
const API_PATHS = [
  '/v2.1/servers/detail',
  '/v2.1/servers',
  '/v2.0/ports?device_id=0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d',
  '/v3/auth/tokens',
  '/v3/6f1e2d3c4b5a49687766554433221100/volumes/detail',
  '/v2.1/os-hypervisors/detail',
];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'DELETE', 'PUT'];

function hex(rand: () => number, n: number): string {
  let s = '';
  while (s.length < n)
    s += Math.floor(rand() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return s.slice(0, n);
}

function uuid(rand: () => number): string {
  const h = hex(rand, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

function stamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

/** Writes about `sizeMiB` MiB of log text to `path`; returns the number of lines written. */
export async function generateOsloLog(path: string, sizeMiB: number, seed = 42): Promise<number> {
  const rand = mulberry32(seed);
  const out = createWriteStream(path);
  const target = sizeMiB * 1024 * 1024;
  const users = Array.from({ length: 20 }, () => hex(rand, 32));
  const projects = Array.from({ length: 8 }, () => hex(rand, 32));
  const instances = Array.from({ length: 50 }, () => uuid(rand));
  let written = 0;
  let lines = 0;
  let ms = Date.UTC(2026, 10, 24, 10, 0, 0);
  let chunk: string[] = [];
  let chunkBytes = 0;
  const emit = (line: string): void => {
    chunk.push(line);
    chunkBytes += Buffer.byteLength(line) + 1;
    lines++;
  };
  while (written < target) {
    ms += Math.floor(rand() * 7);
    const svc = pick(rand, SERVICES);
    const logger = pick(rand, svc.loggers);
    const r = rand();
    const context =
      rand() < 0.15
        ? '[-]'
        : `[req-${uuid(rand)} req-${uuid(rand)} ${pick(rand, users)} ${pick(rand, projects)} - - default default]`;
    const inst = svc.name === 'nova-compute' && rand() < 0.6 ? `[instance: ${pick(rand, instances)}] ` : '';
    const head = `${stamp(ms)} ${svc.pid}`;
    if (r < 0.5) {
      const where = `${pick(rand, ['_update_available_resource', 'inner', 'wrapper', '_do_build_and_run_instance'])} /usr/lib/python3/dist-packages/${logger.replace(/\./g, '/')}.py:${100 + Math.floor(rand() * 3000)}`;
      emit(`${head} DEBUG ${logger} ${context} ${inst}${pick(rand, DEBUG_MESSAGES)} ${where}`);
      if (rand() < 0.01) {
        // keystoneauth RESP BODY dumps continue on lines without a prefix.
        emit('{"servers": [{"id": "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d", "name": "vm-1",');
        emit('  "status": "ACTIVE"}]}');
      }
    } else if (r < 0.85) {
      if (svc.name === 'nova-api' || svc.name === 'neutron-server' || (svc.name === 'keystone' && rand() < 0.5)) {
        const addr = rand() < 0.1 ? 'fd00:10::15' : `10.0.${Math.floor(rand() * 4)}.${Math.floor(rand() * 250)}`;
        emit(
          `${head} INFO ${svc.name === 'nova-api' ? 'nova.osapi_compute.wsgi.server' : logger} ${context} ${addr} "${pick(rand, METHODS)} ${pick(rand, API_PATHS)} HTTP/1.1" status: ${pick(rand, [200, 200, 200, 202, 204, 404])} len: ${100 + Math.floor(rand() * 5000)} time: ${(rand() * 2).toFixed(7)}`,
        );
      } else if (rand() < 0.05) {
        // 2013-era line: no global id, three-token context.
        emit(
          `${head} AUDIT ${logger} [req-${uuid(rand)} ${pick(rand, users)} ${pick(rand, projects)}] ${inst}${pick(rand, INFO_MESSAGES)}`,
        );
      } else {
        emit(`${head} INFO ${logger} ${context} ${inst}${pick(rand, INFO_MESSAGES)}`);
      }
    } else if (r < 0.97) {
      emit(`${head} WARNING ${logger} ${context} ${inst}${pick(rand, WARNING_MESSAGES)}`);
    } else {
      emit(
        `${head} ERROR ${logger} ${context} ${inst}Failed to build and run instance: libvirt.libvirtError: internal error: qemu unexpectedly closed the monitor`,
      );
      const prefix = `${head} ERROR ${logger} ${inst}`;
      emit(`${prefix}Traceback (most recent call last):`);
      for (let i = 0; i < 3; i++) {
        emit(
          `${prefix}  File "/usr/lib/python3/dist-packages/nova/compute/manager.py", line ${2000 + i * 37}, in _build_and_run_instance`,
        );
        emit(`${prefix}    self.driver.spawn(context, instance, image_meta,`);
      }
      emit(`${prefix}libvirt.libvirtError: internal error: qemu unexpectedly closed the monitor`);
      emit(`${prefix}`);
    }
    if (chunk.length >= 4096) {
      written += chunkBytes;
      if (!out.write(chunk.join('\n') + '\n')) await once(out, 'drain');
      chunk = [];
      chunkBytes = 0;
    }
  }
  if (chunk.length > 0) out.write(chunk.join('\n') + '\n');
  out.end();
  await once(out, 'finish');
  return lines;
}
