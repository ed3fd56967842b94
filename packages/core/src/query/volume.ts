/** `GET /volume`: counts per level per step, from the minute rollup or from the logs (see volume-query.ts). */
import { levelName, type VolumeParams, type VolumeResponse } from '@logcas/contract';
import type { Store } from '../store/connection';
import { scanLogLevels } from '../store/logs';
import { sumVolumeBuckets } from '../store/volume';
import { readCollection } from './inputs';
import { buildVolumePlan, stepStart } from './volume-query';

export async function queryVolume(store: Store, params: VolumeParams = {}, now?: Date): Promise<VolumeResponse> {
  const plan = buildVolumePlan(params, now);
  const counts = new Map<number, Map<number, number>>();
  const add = (ms: number, level: number, n: number): void => {
    const key = stepStart(ms, plan.step);
    const row = counts.get(key) ?? new Map<number, number>();
    row.set(level, (row.get(level) ?? 0) + n);
    counts.set(key, row);
  };
  if (plan.source === 'buckets') {
    for (const row of await sumVolumeBuckets(store, plan.filter)) add(row.minute.getTime(), row.level, row.count);
  } else {
    await scanLogLevels(store, readCollection(params.collection), plan.filter, (ts, level) =>
      add(ts.getTime(), level, 1),
    );
  }
  const levels = [...new Set([...counts.values()].flatMap((row) => [...row.keys()]))].sort((a, b) => a - b);
  const names = levels.map((level) => levelName(level));
  const buckets: VolumeResponse['buckets'] = [];
  for (let at = stepStart(plan.from.getTime(), plan.step); at <= plan.to.getTime(); at += plan.step * 1000) {
    const row = counts.get(at);
    const out: Record<string, number> = {};
    for (const [i, level] of levels.entries()) {
      const name = names[i] as string;
      out[name] = (out[name] ?? 0) + (row?.get(level) ?? 0);
    }
    buckets.push({ ts: new Date(at).toISOString(), counts: out });
  }
  return {
    from: plan.from.toISOString(),
    to: plan.to.toISOString(),
    step: plan.step,
    levels: [...new Set(names)],
    buckets,
  };
}
