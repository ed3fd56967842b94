import { queryDisplayText } from './display';

test.each([
  [{ refId: 'A' }, 'Logs'],
  [
    { refId: 'A', queryType: 'logs', collection: 'archive', host: ['compute-1', 'compute-2'], minLevel: 'WARNING' },
    'Logs (archive) minLevel=WARNING host=compute-1|compute-2',
  ],
  [{ refId: 'A', search: 'spawn', exclude: { service: ['nova-api'] } }, 'Logs search:"spawn" service!=nova-api'],
  [{ refId: 'A', queryType: 'requestDetail', requestId: 'req-1', search: 'hidden' }, 'Request detail requestId=req-1'],
] as const)('%j → %s', (query, text) => {
  expect(queryDisplayText(query as never)).toBe(text);
});
