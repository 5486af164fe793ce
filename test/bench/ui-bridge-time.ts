import type { BridgeCall } from './ui-page-scripts.ts';

/**
 * How long at least one bridge call was open between `from` and `to`
 * (overlapping calls count once), in the page's milliseconds.
 */
export function bridgeBusy(
  calls: readonly BridgeCall[],
  from: number,
  to: number,
): number {
  let busy = 0;
  let reached = from;
  for (const call of calls.toSorted((a, b) => a.start - b.start)) {
    const start = Math.max(call.start, reached);
    const end = Math.min(call.end, to);
    if (end > start) {
      busy += end - start;
      reached = end;
    }
  }
  return busy;
}
