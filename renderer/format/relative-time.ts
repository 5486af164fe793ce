// "12 s ago" rather than a timestamp where recency is what matters (the
// sync state, a list row). Exact local times are one hover away.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function amount(elapsed: number): string {
  if (elapsed < MINUTE) return `${Math.floor(elapsed / SECOND)} s`;
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)} min`;
  if (elapsed < DAY) return `${Math.floor(elapsed / HOUR)} h`;
  return `${Math.floor(elapsed / DAY)} d`;
}

/** How long ago `at` was, seen from `now` (both epoch ms): "12 s ago". */
export function relativeTime(at: number, now: number): string {
  if (!Number.isFinite(at) || !Number.isFinite(now)) return '—';
  const elapsed = now - at;
  // Clocks disagree by a little; a second either way still reads as now.
  if (Math.abs(elapsed) < SECOND) return 'just now';
  if (elapsed < 0) return `in ${amount(-elapsed)}`;
  return `${amount(elapsed)} ago`;
}
