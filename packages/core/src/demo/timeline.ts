/** Collects the lines of the demo's scenarios: each emit formats one record on one host's service log. */
import { formatLog, type DemoContext, type DemoLogSpec } from './format';
import type { DemoTopology } from './topology';

export interface DemoLine {
  host: string;
  service: string;
  /** Event time, ms since the epoch (all lines of one record share it). */
  ts: number;
  text: string;
  /** Emission order, to keep lines of one time in the order they were written. */
  seq: number;
  /** True for the first line of a record (the others are its traceback lines). */
  first: boolean;
}

type EmitSpec = Omit<DemoLogSpec, 'pid' | 'ts'> & { at: number };

export class DemoTimeline {
  readonly lines: DemoLine[] = [];
  private seq = 0;

  constructor(readonly topology: DemoTopology) {}

  emit(host: string, service: string, spec: EmitSpec): void {
    const { at, ...rest } = spec;
    const texts = formatLog({ ...rest, ts: Math.round(at), pid: this.topology.pid(host, service) });
    texts.forEach((text, index) =>
      this.lines.push({ host, service, ts: Math.round(at), text, seq: this.seq++, first: index === 0 }),
    );
  }
}

export function context(
  requestId: string,
  globalRequestId: string | null,
  userId: string | null,
  projectId: string | null,
): DemoContext {
  return { requestId, globalRequestId, userId, projectId };
}
