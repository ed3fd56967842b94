/** Collection names (SPEC §4) and the live/archive twins. */
export const COLLECTIONS = {
  logs: 'logs',
  requests: 'requests',
  volume: 'volume',
  archiveLogs: 'archive_logs',
  archiveRequests: 'archive_requests',
  checkpoints: 'checkpoints',
  leases: 'leases',
  meta: 'meta',
} as const;

export type CollectionKey = keyof typeof COLLECTIONS;

/** Which copy of the data a view reads: the live collections or the archive. */
export type DataSet = 'live' | 'archive';

export function logsCollection(set: DataSet): string {
  return set === 'archive' ? COLLECTIONS.archiveLogs : COLLECTIONS.logs;
}

export function requestsCollection(set: DataSet): string {
  return set === 'archive' ? COLLECTIONS.archiveRequests : COLLECTIONS.requests;
}
