/**
 * The datasource's frames are the timeline panel's input: what `requestDetailFrames()` and `requestsFrame()`
 * make from API answers must be read by the panel's `prepare()` into the view an operator expects.
 */
import type { RequestSummary } from '@logcas/contract';
import { prepare } from '../../grafana-panel/src/prepare';
import { requestDetailFrames, requestsFrame } from '../src/frames';
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
