/**
 * Pure builders of the resource views (docs/fingerprints.md, "Resources"): a batch of stored logs → one
 * summary delta per resource uuid the logs name.
 */
import { LEVELS, type ResourceKind } from '@logcas/contract';
import type { StoredLog, StoredResource } from './collections';
import { addSeen, newSeenDelta, seenFields, seenUpdate, type SeenDelta } from './seen';

export type ResourceRollupLog = Pick<
  StoredLog,
  '_id' | 'ts' | 'level' | 'levelName' | 'host' | 'service' | 'requestId' | 'resources'
>;

export interface ResourceDelta {
  seen: SeenDelta;
  kinds: Set<ResourceKind>;
  errorCount: number;
}

export function resourceDeltas(logs: Iterable<ResourceRollupLog>): Map<string, ResourceDelta> {
  const deltas = new Map<string, ResourceDelta>();
  for (const log of logs) {
    for (const ref of log.resources ?? []) {
      let delta = deltas.get(ref.id);
      if (!delta) {
        delta = { seen: newSeenDelta(log), kinds: new Set(), errorCount: 0 };
        deltas.set(ref.id, delta);
      }
      addSeen(delta.seen, log);
      delta.kinds.add(ref.kind);
      if (log.level >= LEVELS.ERROR) delta.errorCount += 1;
    }
  }
  return deltas;
}

export function resourceDocument(id: string, delta: ResourceDelta): StoredResource {
  return {
    _id: id,
    kinds: [...delta.kinds],
    errorCount: delta.errorCount,
    ...seenFields(delta.seen),
  } as StoredResource;
}

export function resourceUpdate(delta: ResourceDelta): Record<string, unknown> {
  return seenUpdate(delta.seen, { inc: { errorCount: delta.errorCount }, addToSet: { kinds: [...delta.kinds] } });
}

/** The kind a resource is shown as: the one its logs told, `unknown` only when none did; texts that disagree → the first by name. */
export function resourceKind(kinds: readonly ResourceKind[]): ResourceKind {
  const told = kinds.filter((kind) => kind !== 'unknown').sort();
  return told[0] ?? 'unknown';
}
