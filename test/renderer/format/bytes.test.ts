import { describe, expect, test } from 'vitest';
import { formatBytes, formatRate } from '../../../renderer/format/bytes.ts';

describe('formatBytes', () => {
  test.each([
    [0, '0 B'],
    [1, '1 B'],
    [1023, '1023 B'],
    [1024, '1 KB'],
    [1536, '1.5 KB'],
    [10 * 1024, '10 KB'],
    [5 * 1024 * 1024, '5 MB'],
    [1.25 * 1024 ** 3, '1.3 GB'],
    [3 * 1024 ** 4, '3 TB'],
    [2 * 1024 ** 5, '2048 TB'],
  ])('shows %d bytes as %s', (bytes, words) => {
    expect(formatBytes(bytes)).toBe(words);
  });

  test.each([[-1], [Number.NaN], [Number.POSITIVE_INFINITY]])(
    'shows a dash for the impossible size %d',
    (bytes) => {
      expect(formatBytes(bytes)).toBe('—');
    },
  );
});

describe('formatRate', () => {
  test('adds "/s" to a size', () => {
    expect(formatRate(1.2 * 1024 * 1024)).toBe('1.2 MB/s');
    expect(formatRate(0)).toBe('0 B/s');
  });

  test('shows a dash for a negative or unknown speed', () => {
    expect(formatRate(-5)).toBe('—');
    expect(formatRate(Number.NaN)).toBe('—');
  });
});
