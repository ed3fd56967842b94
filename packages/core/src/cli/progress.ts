/** Progress lines on stderr for long CLI work, at most one a second: long work shows that it is progressing. */

export interface Throttle {
  /** Runs `print` when a second has passed since the last line (or since the start). */
  maybe(print: () => string): void;
}

export function throttle(
  intervalMs = 1000,
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Throttle {
  let last = Date.now();
  return {
    maybe(print) {
      const now = Date.now();
      if (now - last < intervalMs) return;
      last = now;
      write(print());
    },
  };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

/** Records per second since `startedAt`, rounded for people. */
export function formatRate(count: number, startedAt: number): string {
  const seconds = Math.max((Date.now() - startedAt) / 1000, 0.001);
  return `${Math.round(count / seconds).toLocaleString('en-US')} records/s`;
}
