/**
 * The datasource's frames are the timeline panel's input: what `requestDetailFrames()` and `requestsFrame()`
 * make from API answers must be read by the panel's `prepare()` into the view an operator expects.
 */
import type { RequestSummary } from '@logcas/contract';
import { prepare } from '../../grafana-panel/src/prepare';
import { requestDetailFrames, requestsFrame, resourceHistoryFrame } from '../src/frames';
import type { LinkTargets } from '../src/links';
import { requestDetailWithRelated, summary } from './support/fixtures';

const links: LinkTargets = {
  datasourceUid: 'logcas-test',
  datasourceName: 'LogCAS',
  requestDashboardUid: 'logcas-request',
  collection: 'live',
  span: 60,
};

test('request detail frames become one request with a lane per service, levels and times kept', () => {
  const primary = requestDetailWithRelated();
  const relatedId = primary.related[0]!.requestId;
  const prepared = prepare(requestDetailFrames(primary, 'A', links), { mode: 'auto', laneGrouping: 'auto' });
  if (!prepared.ok) throw new Error(prepared.warning);
  const view = prepared.view;
  if (view.kind !== 'request') throw new Error(`expected the request view, got ${view.kind}`);
  expect(view.count).toBe(4);
  const main = view.groups.find((group) => group.requestId === primary.request.requestId);
  expect(main?.lanes.map((lane) => [lane.service, lane.marks.length, lane.maxLevel])).toEqual([
    ['nova-api', 1, 'INFO'],
    ['nova-compute', 2, 'ERROR'],
  ]);
  expect(main?.first).toBe(Date.parse('2026-11-24T10:41:01.000Z'));
  expect(main?.last).toBe(Date.parse('2026-11-24T10:41:04.500Z'));
  expect(view.groups.find((group) => group.requestId === relatedId)?.lanes[0]?.service).toBe('neutron-server');
});

test('a request list becomes bars, also for summaries without services or hosts', () => {
  const old: RequestSummary = {
    requestId: 'req-old',
    start: '2026-11-24T10:40:00.000Z',
    end: '2026-11-24T10:40:02.000Z',
    durationMs: 2000,
    count: 2,
    maxLevel: 30,
    maxLevelName: 'WARNING',
  };
  const prepared = prepare([requestsFrame([summary(), old], 'A', links)], { mode: 'auto', laneGrouping: 'auto' });
  if (!prepared.ok) throw new Error(prepared.warning);
  const view = prepared.view;
  if (view.kind !== 'requests') throw new Error(`expected the requests view, got ${view.kind}`);
  expect(view.bars.map((bar) => [bar.requestId, bar.level, bar.end - bar.start, bar.services])).toEqual([
    ['req-old', 'WARNING', 2000, []],
    [summary().requestId, 'ERROR', 3500, ['nova-api', 'nova-compute']],
  ]);
});

test('a resource history becomes resource mode: one axis, operations as labels, failures counted', () => {
  const request = (n: number, outcome: 'ok' | 'error', operation: string) => ({
    requestId: `req-0000000${n}-0000-4000-8000-000000000000`,
    start: `2026-11-24T10:4${n}:00.000Z`,
    end: `2026-11-24T10:4${n}:02.000Z`,
    durationMs: 2000,
    operation,
    outcome,
    httpStatus: outcome === 'error' ? 500 : 202,
    maxLevel: outcome === 'error' ? 40 : 20,
    maxLevelName: outcome === 'error' ? 'ERROR' : 'INFO',
    services: ['nova-api'],
    hosts: ['ctl-1'],
    firstMention: `2026-11-24T10:4${n}:00.500Z`,
    lastMention: `2026-11-24T10:4${n}:01.000Z`,
  });
  const id = '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d';
  const frame = resourceHistoryFrame(
    {
      resource: {
        id,
        kind: 'instance',
        kinds: ['instance'],
        firstSeen: '2026-11-24T10:41:00.000Z',
        lastSeen: '2026-11-24T10:43:02.000Z',
        count: 6,
        levelCounts: { INFO: 5, ERROR: 1 },
        maxLevel: 40,
        maxLevelName: 'ERROR',
        errorCount: 1,
        requestCount: 3,
        services: ['nova-api'],
        hosts: ['ctl-1'],
      },
      requests: [
        request(1, 'ok', 'POST /v2.1/servers'),
        request(2, 'error', `POST /v2.1/servers/${id}/action`),
        request(3, 'ok', `DELETE /v2.1/servers/${id}`),
      ],
      truncated: false,
    },
    'A',
    links,
  );
  const prepared = prepare([frame], { mode: 'auto', laneGrouping: 'auto' });
  if (!prepared.ok) throw new Error(prepared.warning);
  const view = prepared.view;
  if (view.kind !== 'resource') throw new Error(`expected the resource view, got ${view.kind}`);
  expect(view).toMatchObject({ resourceId: id, failed: 1 });
  expect(view.bars.map((bar) => [bar.label, bar.outcome, bar.level])).toEqual([
    ['POST /v2.1/servers', 'ok', 'INFO'],
    [`POST /v2.1/servers/${id}/action`, 'error', 'ERROR'],
    [`DELETE /v2.1/servers/${id}`, 'ok', 'INFO'],
  ]);
});
