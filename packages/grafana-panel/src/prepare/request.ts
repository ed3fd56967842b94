/** Logs frames → lanes of one request (and its related requests), for request mode. */
import type { DataFrame } from '@grafana/data';
import type { LaneGrouping, LevelName } from '../types';
import { describeFields, roleReader, text, timeReader } from './fields';
import { maxLevel, parseLevel } from './levels';
import type { Lane, LaneGroup, LogMark, Prepared } from './model';
import { isLogsFrame, isRequestsTable } from './requests';

/** The first line of a body: LogCAS bodies carry the traceback after the message. */
function firstLine(body: string | null): string {
  if (!body) return '';
  const end = body.indexOf('\n');
  return end < 0 ? body : body.slice(0, end);
}

interface GroupDraft {
  requestId: string | null;
  globalRequestId: string | null;
  marks: LogMark[];
}

/** Reads every usable logs frame into marks grouped by request id; returns a warning when none is usable. */
function collect(frames: DataFrame[]): { groups: Map<string, GroupDraft>; count: number } | string {
  const groups = new Map<string, GroupDraft>();
  const problems: string[] = [];
  let count = 0;
  // A requests table next to logs (LogCAS's Request detail sends the related summaries too) is not drawn here.
  const hasLogs = frames.some((f) => f.length > 0 && isLogsFrame(f));
  frames.forEach((frame, frameIndex) => {
    if (frame.length === 0 || (hasLogs && isRequestsTable(frame) && !isLogsFrame(frame))) return;
    const name = frame.refId ?? frame.name ?? `#${frameIndex + 1}`;
    const time = timeReader(frame);
    const service = roleReader(frame, 'service');
    const host = roleReader(frame, 'host');
    if (!time) return void problems.push(`frame ${name} has no time field (found ${describeFields(frame)})`);
    if (!service && !host) {
      return void problems.push(`frame ${name} has no service or host field (found ${describeFields(frame)})`);
    }
    const level = roleReader(frame, 'level');
    const message = roleReader(frame, 'message');
    const logger = roleReader(frame, 'logger');
    const requestId = roleReader(frame, 'requestId');
    const globalId = roleReader(frame, 'globalRequestId');
    for (let row = 0; row < frame.length; row++) {
      const t = time(row);
      if (!Number.isFinite(t)) continue;
      const rid = requestId ? text(requestId(row)) : null;
      const key = rid ?? '';
      let group = groups.get(key);
      if (!group) {
        group = { requestId: rid, globalRequestId: null, marks: [] };
        groups.set(key, group);
      }
      group.globalRequestId ??= globalId ? text(globalId(row)) : null;
      group.marks.push({
        time: t,
        level: level ? parseLevel(level(row)) : 'UNKNOWN',
        message: firstLine(message ? text(message(row)) : null),
        logger: logger ? text(logger(row)) : null,
        service: service ? text(service(row)) : null,
        host: host ? text(host(row)) : null,
        ref: { frame: frameIndex, row },
      });
      count++;
    }
  });
  if (count === 0) {
    return problems.length ? `Cannot draw lanes: ${problems.join('; ')}.` : 'No logs in the selected time range.';
  }
  return { groups, count };
}

/** The lane key and label of a mark under a grouping; `split` lists services seen on several hosts. */
function laneOf(mark: LogMark, grouping: LaneGrouping, split: Set<string>): { key: string; label: string } {
  const service = mark.service ?? mark.host ?? 'unknown';
  const host = mark.host ?? mark.service ?? 'unknown';
  const both = mark.service && mark.host ? `${mark.service} @ ${mark.host}` : service;
  switch (grouping) {
    case 'service':
      return { key: service, label: service };
    case 'host':
      return { key: host, label: host };
    case 'serviceHost':
      return { key: both, label: both };
    default:
      return mark.service && split.has(mark.service) ? { key: both, label: both } : { key: service, label: service };
  }
}

function buildLanes(marks: LogMark[], grouping: LaneGrouping): Lane[] {
  const hostsPerService = new Map<string, Set<string>>();
  for (const m of marks) {
    if (!m.service || !m.host) continue;
    const hosts = hostsPerService.get(m.service) ?? new Set<string>();
    hosts.add(m.host);
    hostsPerService.set(m.service, hosts);
  }
  const split = new Set([...hostsPerService].filter(([, hosts]) => hosts.size > 1).map(([service]) => service));
  const lanes = new Map<string, Lane>();
  for (const mark of marks) {
    const { key, label } = laneOf(mark, grouping, split);
    let lane = lanes.get(key);
    if (!lane) {
      lane = {
        key,
        label,
        service: mark.service,
        host: mark.host,
        first: mark.time,
        last: mark.time,
        maxLevel: 'UNKNOWN',
        marks: [],
      };
      lanes.set(key, lane);
    }
    lane.marks.push(mark);
    lane.first = Math.min(lane.first, mark.time);
    lane.last = Math.max(lane.last, mark.time);
    lane.maxLevel = maxLevel(lane.maxLevel, mark.level);
    // A lane that mixes hosts (grouping by service) names no single host.
    if (lane.host !== mark.host) lane.host = null;
    if (lane.service !== mark.service) lane.service = null;
  }
  return [...lanes.values()].sort((a, b) => a.first - b.first || a.label.localeCompare(b.label));
}

/**
 * Request mode: one lane per service (or host, or both), marks in time order, lanes and request groups
 * ordered by first activity.
 */
export function prepareRequest(frames: DataFrame[], grouping: LaneGrouping): Prepared {
  const collected = collect(frames);
  if (typeof collected === 'string') return { ok: false, warning: collected };
  const groups: LaneGroup[] = [];
  let from = Infinity;
  let to = -Infinity;
  for (const [key, draft] of collected.groups) {
    draft.marks.sort((a, b) => a.time - b.time);
    const lanes = buildLanes(draft.marks, grouping);
    const first = draft.marks[0]?.time ?? 0;
    const last = draft.marks[draft.marks.length - 1]?.time ?? 0;
    const level = draft.marks.reduce<LevelName>((max, m) => maxLevel(max, m.level), 'UNKNOWN');
    const { requestId, globalRequestId } = draft;
    groups.push({ key, requestId, globalRequestId, first, last, count: draft.marks.length, maxLevel: level, lanes });
    from = Math.min(from, first);
    to = Math.max(to, last);
  }
  groups.sort((a, b) => a.first - b.first);
  return { ok: true, view: { kind: 'request', groups, from, to, count: collected.count } };
}
