/** The demo cloud: which service runs on which host, its pid, API addresses, users and projects. */
import { DemoRandom } from './random';

export const CONTROLLERS = ['controller-1', 'controller-2'] as const;
export const COMPUTES = ['compute-1', 'compute-2', 'compute-3'] as const;
export const STORAGE = 'storage-1';

/** Every (host, service) the demo writes, i.e. every log file. */
const DEMO_FILES: ReadonlyArray<{ host: string; service: string }> = [
  ...CONTROLLERS.flatMap((host) =>
    ['nova-api', 'nova-scheduler', 'nova-conductor', 'neutron-server', 'cinder-api', 'keystone'].map((service) => ({
      host,
      service,
    })),
  ),
  ...COMPUTES.map((host) => ({ host, service: 'nova-compute' })),
  { host: STORAGE, service: 'cinder-volume' },
];

export interface DemoTenant {
  userId: string;
  projectId: string;
  clientAddress: string;
}

export interface DemoTopology {
  pid(host: string, service: string): number;
  /** Management address of a host (source address of its API calls). */
  address(host: string): string;
  tenants: DemoTenant[];
  /** The nova service user that validates tokens and calls neutron/cinder on a user's behalf. */
  serviceUser: DemoTenant;
  /** Long-lived instances: resized, migrated, attached to again and again, so their history grows. */
  pets: string[];
  /** The compute host whose libvirt keeps failing to spawn. */
  brokenCompute: string;
}

export function buildTopology(seed: number): DemoTopology {
  const random = new DemoRandom(seed ^ 0x5eed);
  const pids = new Map<string, number>();
  for (const file of DEMO_FILES) pids.set(`${file.host}/${file.service}`, random.int(1200, 39000));
  const hosts = [...CONTROLLERS, ...COMPUTES, STORAGE];
  const tenants = Array.from({ length: 5 }, (_u, i) => ({
    userId: random.hex(32),
    projectId: random.hex(32),
    clientAddress: `203.0.113.${10 + i * 7}`,
  }));
  return {
    pid: (host, service) => pids.get(`${host}/${service}`) ?? 1000,
    address: (host) => `10.0.0.${11 + hosts.indexOf(host as (typeof hosts)[number])}`,
    tenants,
    serviceUser: { userId: random.hex(32), projectId: random.hex(32), clientAddress: '10.0.0.11' },
    pets: Array.from({ length: 6 }, () => random.uuid()),
    brokenCompute: COMPUTES[COMPUTES.length - 1] as string,
  };
}
