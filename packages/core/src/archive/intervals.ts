/** Pure time helpers of the archive run: grouping nearby times into ranges and containment checks. */

export interface TimeRange {
  from: number;
  to: number;
}

/**
 * Groups ranges (or single times, as from = to) into merged ranges whose members are at most `maxGapMs`
 * apart, so a batch's scattered times become a few bounded range queries instead of one wide one.
 */
export function clusterRanges(ranges: readonly TimeRange[], maxGapMs: number): TimeRange[] {
  const sorted = [...ranges].sort((a, b) => a.from - b.from);
  const clusters: TimeRange[] = [];
  for (const range of sorted) {
    const last = clusters[clusters.length - 1];
    if (last && range.from <= last.to + maxGapMs) last.to = Math.max(last.to, range.to);
    else clusters.push({ from: range.from, to: range.to });
  }
  return clusters;
}

/** True when some time of the ascending list lies within [from, to] (binary search). */
export function containsAnyTime(sortedTimes: readonly number[], from: number, to: number): boolean {
  let low = 0;
  let high = sortedTimes.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sortedTimes[mid] as number) < from) low = mid + 1;
    else high = mid;
  }
  return low < sortedTimes.length && (sortedTimes[low] as number) <= to;
}
