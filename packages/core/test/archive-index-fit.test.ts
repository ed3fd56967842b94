/**
 * The archive run's and prune's queries (store/archive-read.ts, store/prune.ts) against the declared indexes,
 * by the same Equality-Sort-Range check the query engine's shapes pass (test/index-fit.test.ts).
 */
import { indexFits } from '../src/query/index-fit';
import type { QueryShape } from '../src/query/plan';
import { COLLECTIONS } from '../src/store/collections';
import { INDEXES } from '../src/store/indexes';

const SHAPES: Array<[string, QueryShape]> = [
  ['scanIngestedSince', { collection: COLLECTIONS.logs, equality: [], sort: [], range: ['ingestedAt'], residual: [] }],
  [
    'findLiveLogsOfRequests',
    { collection: COLLECTIONS.logs, equality: ['requestId'], sort: [], range: [], residual: [] },
  ],
  [
    'findLiveRequestsOverlapping',
    { collection: COLLECTIONS.requests, equality: [], sort: [], range: ['start'], residual: ['end'] },
  ],
  [
    'findArchivedTriggerTimes',
    { collection: COLLECTIONS.archiveLogs, equality: [], sort: [['ts', 1]], range: ['ts', 'level'], residual: [] },
  ],
  [
    'longestRequestMs',
    { collection: COLLECTIONS.requests, equality: [], sort: [['durationMs', -1]], range: [], residual: [] },
  ],
  ['prune logs', { collection: COLLECTIONS.logs, equality: [], sort: [], range: ['ts'], residual: [] }],
  ['prune archive logs', { collection: COLLECTIONS.archiveLogs, equality: [], sort: [], range: ['ts'], residual: [] }],
  ['prune requests', { collection: COLLECTIONS.requests, equality: [], sort: [], range: ['end'], residual: [] }],
  [
    'prune archive requests',
    { collection: COLLECTIONS.archiveRequests, equality: [], sort: [], range: ['end'], residual: [] },
  ],
  ['prune volume', { collection: COLLECTIONS.volume, equality: [], sort: [], range: ['minute'], residual: [] }],
];

describe('archive and prune queries have a fitting index', () => {
  it.each(SHAPES)('%s', (_name, shape) => {
    expect(INDEXES.filter((index) => indexFits(index, shape)).map((index) => index.name)).not.toEqual([]);
  });
});
