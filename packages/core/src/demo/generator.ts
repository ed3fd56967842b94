/**
 * The demo traffic generator: pure and seeded. `generateDemoLines({ from, to, seed })` returns every line of
 * every service log of the demo cloud for operations starting in [from, to), sorted by time (lines of one
 * record stay together, in order). The same options always give the same lines.
 */
import { ValidationError } from '../errors';
import { context, DemoTimeline, type DemoLine } from './timeline';
import { DemoRandom } from './random';
import { OPERATIONS } from './scenarios';
import { buildTopology, COMPUTES, CONTROLLERS } from './topology';

export type { DemoLine } from './timeline';

export interface DemoOptions {
  /** Operations start at or after this time. */
  from: Date | number;
  /** ... and before this one. */
  to: Date | number;
  /** Same seed, same traffic (default 2013, the year the first LogCAS was written). */
  seed?: number;
  /** User operations started per minute (default 20). */
  operationsPerMinute?: number;
  /** Share of boots, resizes and volume attaches that fail (default 0.15). */
  failureRate?: number;
}

// Operation mix: mostly reads, then boots, deletes, attaches, resizes, live migrations.
const MIX: ReadonlyArray<[keyof typeof OPERATIONS, number]> = [
  ['list', 0.4],
  ['boot', 0.25],
  ['delete', 0.13],
  ['attach', 0.11],
  ['resize', 0.06],
  ['migrate', 0.05],
];

/** Operations on an existing instance; half of them pick one of the long-lived pets. */
const ON_AN_INSTANCE: ReadonlySet<string> = new Set(['attach', 'resize', 'migrate']);

/** One instance's whole life: booted, resized, migrated, deleted, these many minutes apart. */
const LIFECYCLE: ReadonlyArray<[keyof typeof OPERATIONS, number]> = [
  ['boot', 0],
  ['resize', 4],
  ['attach', 6],
  ['migrate', 9],
  ['delete', 14],
];
const LIFECYCLE_MINUTES = 15;

export function generateDemoLines(options: DemoOptions): DemoLine[] {
  const from = toMs(options.from, 'from');
  const to = toMs(options.to, 'to');
  if (to < from) throw new ValidationError('demo: "to" must not be before "from"', 'to');
  const seed = options.seed ?? 2013;
  const rate = options.operationsPerMinute ?? 20;
  const failureRate = options.failureRate ?? 0.15;
  if (!(rate >= 0)) throw new ValidationError('demo: operationsPerMinute must be zero or more', 'operationsPerMinute');
  if (!(failureRate >= 0 && failureRate <= 1))
    throw new ValidationError('demo: failureRate must be between 0 and 1', 'failureRate');

  const topology = buildTopology(seed);
  // Mixing the window into the seed keeps consecutive windows of `--continuous` different yet reproducible.
  const random = new DemoRandom((seed * 2654435761) ^ Math.floor(from / 1000));
  const timeline = new DemoTimeline(topology);
  const count = Math.round(((to - from) / 60000) * rate);
  for (let i = 0; i < count; i++) {
    const at = random.float(from, to);
    const kind = pickWeighted(random, MIX);
    const pet = ON_AN_INSTANCE.has(kind) && random.chance(0.5) ? random.pick(topology.pets) : undefined;
    const tenant = random.pick(topology.tenants);
    OPERATIONS[kind]({ random, timeline, tenant, at, fail: random.chance(failureRate), instance: pet });
  }
  // Every full quarter hour of the window sees one instance's whole life.
  for (let start = from; start + LIFECYCLE_MINUTES * 60000 <= to; start += LIFECYCLE_MINUTES * 60000) {
    const instance = random.uuid();
    const tenant = random.pick(topology.tenants);
    for (const [kind, minute] of LIFECYCLE) {
      const at = start + minute * 60000 + random.int(0, 30000);
      OPERATIONS[kind]({ random, timeline, tenant, at, fail: random.chance(failureRate), instance });
    }
  }
  periodicTasks(timeline, random, from, to);
  return timeline.lines.sort((a, b) => a.ts - b.ts || a.seq - b.seq);
}

/** Background lines every deployment has: nova-compute's periodic tasks, neutron's agent health check. */
function periodicTasks(timeline: DemoTimeline, random: DemoRandom, from: number, to: number): void {
  const firstMinute = Math.ceil(from / 60000) * 60000;
  for (let minute = firstMinute; minute < to; minute += 60000) {
    for (const [index, host] of COMPUTES.entries()) {
      const at = minute + index * 7000 + random.int(0, 900);
      const ctx = context(random.requestId(), null, null, null);
      timeline.emit(host, 'nova-compute', {
        at,
        level: 'DEBUG',
        logger: 'oslo_service.periodic_task',
        context: ctx,
        message: 'Running periodic task ComputeManager.update_available_resource',
        debugSource: 'run_periodic_tasks /usr/local/lib/python3.10/dist-packages/oslo_service/periodic_task.py:210',
      });
      const vcpus = random.int(0, 16);
      timeline.emit(host, 'nova-compute', {
        at: at + random.int(50, 400),
        level: 'INFO',
        logger: 'nova.compute.resource_tracker',
        context: ctx,
        message: `Final resource view: name=${host} phys_ram=65536MB used_ram=${512 + vcpus * 2048}MB phys_disk=499GB used_disk=${vcpus * 20}GB total_vcpus=16 used_vcpus=${vcpus} pci_stats=[]`,
      });
    }
    for (const host of CONTROLLERS) {
      timeline.emit(host, 'neutron-server', {
        at: minute + random.int(20000, 40000),
        level: 'DEBUG',
        logger: 'neutron.db.agents_db',
        context: null,
        message: `Agent healthcheck: found 0 dead agents out of ${random.int(8, 9)}`,
        debugSource: 'agent_health_check /opt/stack/neutron/neutron/db/agents_db.py:321',
      });
    }
  }
}

function pickWeighted<T>(random: DemoRandom, weighted: ReadonlyArray<[T, number]>): T {
  let roll = random.next();
  for (const [item, weight] of weighted) {
    if (roll < weight) return item;
    roll -= weight;
  }
  return (weighted[weighted.length - 1] as [T, number])[0];
}

function toMs(value: Date | number, name: string): number {
  const ms = value instanceof Date ? value.getTime() : value;
  if (!Number.isFinite(ms)) throw new ValidationError(`demo: "${name}" is not a valid time`, name);
  return ms;
}
