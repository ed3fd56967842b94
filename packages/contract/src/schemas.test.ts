/** The schemas accept what the API may really send or receive, and refuse what it must not. */
import { Compile } from 'typebox/compile';
import { CONTEXT_FIELDS, emptyContext, SUMMARY_CONTEXT_FIELDS } from './fields';
import { LogsQuerySchema } from './logs';
import { LogRecordSchema, RequestSummarySchema } from './records';
import { VolumeQuerySchema } from './series';

describe('records', () => {
  it('accept a request summary from an older producer without levelCounts, services or hosts', () => {
    const summary = {
      requestId: 'req-a',
      start: '2026-11-24T10:41:03.123Z',
      end: '2026-11-24T10:41:04.123Z',
      durationMs: 1000,
      count: 3,
      maxLevel: 20,
      maxLevelName: 'INFO',
    };
    expect(Compile(RequestSummarySchema).Check(summary)).toBe(true);
    expect(Compile(RequestSummarySchema).Check({ ...summary, services: 'nova-api' })).toBe(false);
  });

  it('accept a log with only its required fields, and keep every context field nullable', () => {
    const log = { id: 'x', ts: '2026-11-24T10:41:03.123Z', level: 20, levelName: 'INFO', message: 'm' };
    const check = Compile(LogRecordSchema);
    expect(check.Check(log)).toBe(true);
    expect(check.Check({ ...log, ...emptyContext() })).toBe(true);
    expect(check.Check({ ...log, httpStatus: 'two hundred' })).toBe(false);
    for (const field of CONTEXT_FIELDS) expect(Object.keys(LogRecordSchema.properties)).toContain(field);
  });

  it('summaries carry every context field but the request id, the instance and the line duration', () => {
    expect(SUMMARY_CONTEXT_FIELDS).toHaveLength(CONTEXT_FIELDS.length - 3);
    expect(SUMMARY_CONTEXT_FIELDS).not.toContain('instance');
    for (const field of SUMMARY_CONTEXT_FIELDS) expect(Object.keys(RequestSummarySchema.properties)).toContain(field);
  });
});

describe('parameters', () => {
  it('refuse a parameter a route does not declare', () => {
    expect(Compile(LogsQuerySchema).Check({ host: 'compute-1' })).toBe(true);
    expect(Compile(LogsQuerySchema).Check({ hots: 'compute-1' })).toBe(false);
  });

  it('take one value or a list where a filter takes lists, one value elsewhere', () => {
    const logs = Compile(LogsQuerySchema);
    expect(logs.Check({ host: ['compute-1', 'compute-2'], excludeService: 'nova-api', level: ['ERROR'] })).toBe(true);
    expect(logs.Check({ host: [] })).toBe(false);
    expect(logs.Check({ host: [''] })).toBe(false);
    expect(logs.Check({ requestId: ['req-a', 'req-b'] })).toBe(false);
  });

  it('volume takes the log filters but no paging', () => {
    expect(Compile(VolumeQuerySchema).Check({ q: 'timed out', step: 60 })).toBe(true);
    expect(Compile(VolumeQuerySchema).Check({ limit: 10 })).toBe(false);
  });
});
