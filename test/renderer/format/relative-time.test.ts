import { expect, test } from 'vitest';
import { relativeTime } from '../../../renderer/format/relative-time.ts';

const NOW = Date.UTC(2026, 2, 20, 18, 30, 0);

test.each([
  [0, 'just now'],
  [999, 'just now'],
  [12_000, '12 s ago'],
  [59_999, '59 s ago'],
  [60_000, '1 min ago'],
  [45 * 60_000, '45 min ago'],
  [3 * 3600_000, '3 h ago'],
  [49 * 3600_000, '2 d ago'],
  [-30_000, 'in 30 s'],
  [-2 * 3600_000, 'in 2 h'],
])('a time %d ms before now reads "%s"', (elapsed, words) => {
  expect(relativeTime(NOW - elapsed, NOW)).toBe(words);
});

test('an unknown time reads as a dash', () => {
  expect(relativeTime(Number.NaN, NOW)).toBe('—');
  expect(relativeTime(NOW, Number.NaN)).toBe('—');
});
