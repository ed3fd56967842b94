/**
 * Demo traffic in real time: generated a window ahead (an operation that starts late in a window runs into
 * the next one) and handed out once the clock reaches each line's time.
 */
import { generateDemoLines, type DemoLine, type DemoOptions } from './generator';

export interface DemoFeed {
  /** Lines whose time is at or before `now`, in time order, each handed out once. */
  due(now: number): DemoLine[];
}

const WINDOW_MS = 10000;

export function createDemoFeed(options: Omit<DemoOptions, 'from' | 'to'> & { start?: number } = {}): DemoFeed {
  let pending: DemoLine[] = [];
  let generatedUntil = options.start ?? Date.now();
  return {
    due(now) {
      while (generatedUntil < now + WINDOW_MS) {
        const next = generateDemoLines({ ...options, from: generatedUntil, to: generatedUntil + WINDOW_MS });
        // Stable on equal times: lines of one record keep their order, earlier windows first.
        pending = [...pending, ...next].sort((a, b) => a.ts - b.ts);
        generatedUntil += WINDOW_MS;
      }
      const cut = pending.findIndex((line) => line.ts > now);
      const ready = cut < 0 ? pending : pending.slice(0, cut);
      pending = cut < 0 ? [] : pending.slice(cut);
      return ready;
    },
  };
}
