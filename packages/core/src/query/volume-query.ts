/**
 * Volume series: log counts per level per time step. When every filter is one the `volume` rollup keeps
 * (host, service, level) and the step is whole minutes, the minute buckets answer; any other filter needs
 * the logs themselves, read within the bounded range.
 */
import { MAX_STEP_SECONDS, MAX_VOLUME_BUCKETS, type VolumeParams } from '@logcas/contract';
import { ValidationError } from '../errors';
import { COLLECTIONS, logsCollection } from '../store/collections';
import { readCollection } from './inputs';
import { buildLogFilter, logShape, readLogFilter, type LogFilterInput } from './log-query';
import { buildMatchFilter, equalityFields, exclusionOnlyFields } from './log-match';
import type { MongoFilter, QueryShape } from '../store/find';

/** Default window when `from` is missing: one hour before `to`. */
const DEFAULT_VOLUME_WINDOW_MS = 3_600_000;
const NICE_STEPS = [1, 5, 10, 30, 60, 300, 600, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 7 * 86400];

export interface VolumePlan {
  from: Date;
  to: Date;
  step: number;
  source: 'buckets' | 'logs';
  collection: string;
  filter: MongoFilter;
  shape: QueryShape;
}

export function buildVolumePlan(params: VolumeParams, now: Date = new Date()): VolumePlan {
  const input: LogFilterInput = readLogFilter(params);
  const set = readCollection(params.collection);
  const to = input.to ?? now;
  const from = input.from ?? new Date(to.getTime() - DEFAULT_VOLUME_WINDOW_MS);
  if (from.getTime() > to.getTime()) throw new ValidationError('from must not be after to', 'from');
  const spanSeconds = Math.max(1, (to.getTime() - from.getTime()) / 1000);
  const step = params.step ?? NICE_STEPS.find((s) => spanSeconds / s <= 200) ?? 7 * 86400;
  if (!Number.isInteger(step) || step < 1 || step > MAX_STEP_SECONDS) {
    throw new ValidationError(`step must be an integer number of seconds from 1 to ${MAX_STEP_SECONDS}`, 'step');
  }
  if (spanSeconds / step > MAX_VOLUME_BUCKETS) {
    throw new ValidationError(`step is too small for this range: more than ${MAX_VOLUME_BUCKETS} buckets`, 'step');
  }
  const bounded: LogFilterInput = { ...input, from, to };
  // The minute buckets keep host, service and level: they answer when every filter is on those.
  const bucketFields = new Set(['host', 'service', 'level']);
  const rollupOnly = [...Object.keys(input.equals), ...Object.keys(input.excludes)].every((f) => bucketFields.has(f));
  if (set === 'live' && rollupOnly && input.q === undefined && step % 60 === 0) {
    const filter: MongoFilter = buildMatchFilter(input);
    // A minute bucket counts [minute, minute + 60 s): take the buckets whose minute starts inside the range.
    filter.minute = { $gte: new Date(Math.floor(from.getTime() / 60000) * 60000), $lte: to };
    const levelFiltered = input.minLevel > 0 || input.levels !== undefined || 'level' in input.excludes;
    return {
      from,
      to,
      step,
      source: 'buckets',
      collection: COLLECTIONS.volume,
      filter,
      shape: {
        collection: COLLECTIONS.volume,
        equality: equalityFields(input),
        sort: [],
        range: ['minute'],
        residual: [...exclusionOnlyFields(input), ...(levelFiltered ? ['level'] : [])],
      },
    };
  }
  const collection = logsCollection(set);
  return {
    from,
    to,
    step,
    source: 'logs',
    collection,
    filter: buildLogFilter(bounded),
    shape: { ...logShape(bounded, collection, []), sort: [] },
  };
}

/** Start of the step containing `ms`, on a grid aligned to the epoch. */
export function stepStart(ms: number, step: number): number {
  const size = step * 1000;
  return Math.floor(ms / size) * size;
}
