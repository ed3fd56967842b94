// Log details filter buttons and selected-text filters: what each click makes of the query.
import type { LogcasQuery } from '../types';
import { hasFilter, modifyQuery, QUERY_MODIFICATIONS, toggleQueryFilter } from './modify';

const base: LogcasQuery = { refId: 'A', queryType: 'logs' };

describe('modifyQuery (ADD_FILTER, ADD_FILTER_OUT, ADD_STRING_FILTER)', () => {
  test.each([
    ['filter for a host', base, 'ADD_FILTER', 'host', 'compute-1', { ...base, host: 'compute-1' }],
    [
      'filter for narrows a list to that value',
      { ...base, service: ['nova-api', 'nova-compute'] },
      'ADD_FILTER',
      'service',
      'nova-compute',
      { ...base, service: 'nova-compute' },
    ],
    [
      'filter for a value that was excluded stops excluding it',
      { ...base, exclude: { level: ['DEBUG'] } },
      'ADD_FILTER',
      'level',
      'DEBUG',
      { ...base, level: 'DEBUG' },
    ],
    ['filter out a host', base, 'ADD_FILTER_OUT', 'host', 'compute-2', { ...base, exclude: { host: ['compute-2'] } }],
    [
      'filter out drops the value from an include list',
      { ...base, host: ['compute-1', 'compute-2'] },
      'ADD_FILTER_OUT',
      'host',
      'compute-2',
      { ...base, host: 'compute-1', exclude: { host: ['compute-2'] } },
    ],
    [
      'filter out an instance',
      { ...base, instance: 'i-1' },
      'ADD_FILTER_OUT',
      'instance',
      'i-1',
      { ...base, exclude: { instance: ['i-1'] } },
    ],
    ['a key LogCAS cannot filter by leaves the query as it was', base, 'ADD_FILTER', 'logger', 'nova', base],
  ])('%s', (_name, query, type, key, value, expected) => {
    expect(modifyQuery(query as LogcasQuery, { type, options: { key, value } })).toEqual(expected);
  });

  test('selected text becomes the message search', () => {
    expect(modifyQuery(base, { type: 'ADD_STRING_FILTER', options: { value: 'Timeout' } })).toEqual({
      ...base,
      search: 'Timeout',
    });
  });

  test('Grafana is told which modifications exist', () => {
    expect(QUERY_MODIFICATIONS).toEqual(['ADD_FILTER', 'ADD_FILTER_OUT', 'ADD_STRING_FILTER']);
  });
});

describe('toggleQueryFilter and queryHasFilter (buttons that show their state)', () => {
  test('a second "filter for" click removes the filter', () => {
    const once = toggleQueryFilter(base, { type: 'FILTER_FOR', options: { key: 'host', value: 'compute-1' } });
    expect(once).toEqual({ ...base, host: 'compute-1' });
    expect(hasFilter(once, { key: 'host', value: 'compute-1' })).toBe(true);
    const twice = toggleQueryFilter(once, { type: 'FILTER_FOR', options: { key: 'host', value: 'compute-1' } });
    expect(twice).toEqual(base);
    expect(hasFilter(twice, { key: 'host', value: 'compute-1' })).toBe(false);
  });

  test('a second "filter out" click removes the exclusion', () => {
    const once = toggleQueryFilter(base, { type: 'FILTER_OUT', options: { key: 'level', value: 'DEBUG' } });
    expect(hasFilter(once, { key: 'level', value: 'DEBUG', type: 'FILTER_OUT' })).toBe(true);
    expect(hasFilter(once, { key: 'level', value: 'DEBUG' })).toBe(false);
    const twice = toggleQueryFilter(once, { type: 'FILTER_OUT', options: { key: 'level', value: 'DEBUG' } });
    expect(twice).toEqual({ ...base, exclude: undefined });
  });

  test('a list holding the value is not "filtered for" that value alone', () => {
    expect(hasFilter({ ...base, host: ['compute-1', 'compute-2'] }, { key: 'host', value: 'compute-1' })).toBe(false);
  });
});
