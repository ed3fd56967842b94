/** Derived data (SPEC §3): rebuildable from `logs` at any time. */

/** One request id's summary, as the API returns it. */
export interface RequestSummary {
  requestId: string;
  globalRequestId: string | null;
  /** ISO 8601 UTC. */
  start: string;
  end: string;
  durationMs: number;
  count: number;
  /** Count of logs per level name, e.g. `{ INFO: 12, ERROR: 1 }`. */
  levelCounts: Record<string, number>;
  maxLevel: number;
  maxLevelName: string;
  services: string[];
  hosts: string[];
  userId: string | null;
  projectId: string | null;
  domain: string | null;
  userDomain: string | null;
  projectDomain: string | null;
  userName: string | null;
  projectName: string | null;
  remoteAddress: string | null;
  httpMethod: string | null;
  httpPath: string | null;
  httpStatus: number | null;
}

/** Log count of one minute × service × host × level. */
export interface VolumeBucket {
  /** Start of the minute, ISO 8601 UTC. */
  minute: string;
  service: string | null;
  host: string | null;
  level: number;
  count: number;
}
