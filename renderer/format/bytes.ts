// Sizes and speeds in the units people read on a desktop: binary steps
// (1 KB = 1024 bytes), as file managers on all three platforms show them,
// so a size here matches the one in the folder the file landed in.

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;
const STEP = 1024;

/** A byte count in words: "0 B", "512 B", "1.5 KB", "12 MB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= STEP && unit < UNITS.length - 1) {
    value /= STEP;
    unit += 1;
  }
  if (unit === 0) return `${Math.round(value)} B`;
  // One decimal while the number is small enough for it to matter.
  const digits = value < 10 ? 1 : 0;
  const rounded = value.toFixed(digits).replace(/\.0$/, '');
  return `${rounded} ${UNITS[unit]}`;
}

/** A transfer speed in words: "1.2 MB/s". */
export function formatRate(bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond < 0) return '—';
  return `${formatBytes(bytesPerSecond)}/s`;
}
