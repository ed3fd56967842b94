/** What a file checkpoint holds beyond the offset, and how it is named. Pure. */
import type { StoredCheckpoint } from '../store/collections';
import type { InFlightBatch } from '../store/derived';
import type { OccurrenceState } from './stable-id';

/** `StoredCheckpoint.state` of a file. */
export interface FileCheckpointState {
  /** Inode of the file read: another inode at the same path means the file was rotated. */
  inode: number;
  /** Digest of the file's first `headBytes` bytes: other bytes there mean it was truncated and rewritten. */
  head: string;
  headBytes: number;
  /** Occurrence counters at `offset`, so identical lines keep their numbers across a restart. */
  occurrences: OccurrenceState;
  /** Time of the last record stored before `offset`: the parser's time for a following line without one. */
  lastTs: number | null;
  /** Year the stream's year-less timestamps are read in, fixed when the stream was first opened. */
  year: number;
  /** A batch being written when this checkpoint was saved (null once it is done). */
  inFlight: InFlightBatch | null;
}

/** One checkpoint per file path and the host/service its records are stored under. */
export function fileCheckpointId(path: string, host: string | null, service: string | null): string {
  return `file:${path}|host=${host ?? ''}|service=${service ?? ''}`;
}

/** Reads a stored checkpoint's state, or null when it is missing or not one this version wrote. */
export function readFileState(checkpoint: StoredCheckpoint | null): FileCheckpointState | null {
  const state = checkpoint?.state as Partial<FileCheckpointState> | undefined;
  if (!state || typeof state.inode !== 'number' || !state.occurrences || typeof state.year !== 'number') return null;
  return {
    inode: state.inode,
    // Checkpoints written before heads were kept say nothing about the content: trusted as they are.
    head: typeof state.head === 'string' ? state.head : '',
    headBytes: typeof state.headBytes === 'number' ? state.headBytes : 0,
    occurrences: state.occurrences,
    lastTs: typeof state.lastTs === 'number' ? state.lastTs : null,
    year: state.year,
    inFlight: state.inFlight ?? null,
  };
}
