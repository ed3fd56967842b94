/**
 * Oslo text for the error and resource view tests: a libvirt spawn failure recurring on one compute host
 * (same traceback, other instances, requests and line numbers), a neutron port binding warning, a cinder
 * attach timeout, and one instance with a long history (boot, resize, migrate, delete) through nova-api.
 */
import type { ParsedLog } from '../src/model/record';
import { parseLines } from './support/parse-helpers';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const uuid = (prefix: string, n: number): string => `${prefix}-0b5f-4a4e-9d1c-${n.toString(16).padStart(12, '0')}`;

export const HISTORY_INSTANCE = uuid('aaaaaaaa', 1);
export const PROJECT = '1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6';
const USER = '7c3f9a2e1d4b4c5e8f9a0b1c2d3e4f50';

function time(minute: number, second: number): string {
  return `2026-11-24 10:${pad(minute)}:${pad(second)}.${pad((minute * 7 + second) % 1000, 3)}`;
}

function context(request: string): string {
  return `[${request} ${request} ${USER} ${PROJECT} - default default]`;
}

export interface ViewTraffic {
  /** Records per service (each parsed from its own file text). */
  records: ParsedLog[];
  spawnRequests: Set<string>;
  spawnHost: string;
}

/** Parsed records of `rounds` rounds of failures and one long instance history. */
export function viewTraffic(rounds = 6): ViewTraffic {
  const compute: string[] = [];
  const neutron: string[] = [];
  const cinder: string[] = [];
  const api: string[] = [];
  const spawnRequests = new Set<string>();
  for (let i = 0; i < rounds; i += 1) {
    const minute = 10 + i * 3;
    const request = `req-${uuid('5c000000', i)}`;
    const instance = uuid('b0000000', i);
    spawnRequests.add(request);
    const head = `${time(minute, 5)} 4412 ERROR nova.compute.manager ${context(request)} [instance: ${instance}]`;
    // oslo.log's exception prefix: time, pid, ERROR, logger and instance, never the context bracket.
    const tb = `${time(minute, 5)} 4412 ERROR nova.compute.manager [instance: ${instance}]`;
    compute.push(
      `${time(minute, 4)} 4412 INFO nova.compute.claims ${context(request)} [instance: ${instance}] Claim successful on node cmp-04`,
      `${head} Instance failed to spawn: libvirt.libvirtError: internal error: qemu unexpectedly closed the monitor: 2026-11-24T10:${pad(minute)}:05.${i}Z qemu-system-x86_64: Address already in use`,
      `${tb} Traceback (most recent call last):`,
      `${tb}   File "/usr/lib/python3/dist-packages/nova/compute/manager.py", line ${2740 + i}, in _build_resources`,
      `${tb}     yield resources`,
      `${tb}   File "/usr/lib/python3/dist-packages/nova/virt/libvirt/driver.py", line ${4420 + i}, in spawn`,
      `${tb}     self._create_guest_with_network(`,
      `${tb} libvirt.libvirtError: internal error: qemu unexpectedly closed the monitor`,
    );
    const port = uuid('c0000000', i);
    const portRequest = `req-${uuid('6d000000', i)}`;
    neutron.push(
      `${time(minute, 20)} 812 WARNING neutron.plugins.ml2.managers ${context(portRequest)} Failed to bind port ${port} on host cmp-0${i % 3} for vnic_type normal using segments [{'id': '${uuid('d0000000', i)}', 'network_type': 'vxlan', 'segmentation_id': ${1000 + i}}]`,
      `${time(minute, 21)} 812 ERROR neutron.plugins.ml2.managers ${context(portRequest)} Port ${port} binding failed on host cmp-0${i % 3}`,
    );
    const volume = uuid('e0000000', i);
    const volumeRequest = `req-${uuid('7e000000', i)}`;
    cinder.push(
      `${time(minute, 40)} 5521 INFO cinder.volume.manager ${context(volumeRequest)} Attaching volume ${volume} to instance ${instance}`,
      `${time(minute + 1, 40)} 5521 ERROR cinder.volume.manager ${context(volumeRequest)} Timed out waiting for volume ${volume} to attach after ${60 + i} seconds`,
    );
  }
  // One instance's life through the API: boot, resize, migrate, delete; the migration fails once.
  const actions: Array<[string, string, number, number]> = [
    ['POST', `/v2.1/${PROJECT}/servers`, 202, 1],
    ['POST', `/v2.1/${PROJECT}/servers/${HISTORY_INSTANCE}/action`, 202, 12],
    ['POST', `/v2.1/${PROJECT}/servers/${HISTORY_INSTANCE}/action`, 500, 24],
    ['POST', `/v2.1/${PROJECT}/servers/${HISTORY_INSTANCE}/action`, 202, 36],
    ['DELETE', `/v2.1/${PROJECT}/servers/${HISTORY_INSTANCE}`, 204, 48],
  ];
  actions.forEach(([method, path, status, minute], n) => {
    const request = `req-${uuid('8f000000', n)}`;
    if (n === 0) {
      api.push(
        `${time(minute, 1)} 2001 INFO nova.api.openstack.compute.servers ${context(request)} Created instance ${HISTORY_INSTANCE}`,
      );
    }
    api.push(
      `${time(minute, 2)} 2001 INFO nova.osapi_compute.wsgi.server ${context(request)} 10.0.0.5 "${method} ${path} HTTP/1.1" status: ${status} len: 120 time: 0.377`,
    );
  });
  const parse = (lines: string[], host: string, service: string): ParsedLog[] => parseLines(lines, { host, service });
  const records = [
    ...parse(compute, 'cmp-04', 'nova-compute'),
    ...parse(neutron, 'ctl-01', 'neutron-server'),
    ...parse(cinder, 'ctl-01', 'cinder-volume'),
    ...parse(api, 'ctl-01', 'nova-api'),
  ];
  return { records, spawnRequests, spawnHost: 'cmp-04' };
}

/** A deterministic shuffle (so a failing order can be replayed). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
