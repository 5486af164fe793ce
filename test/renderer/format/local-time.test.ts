import { expect, test } from 'vitest';
import {
  localTime,
  localTimeWithSeconds,
} from '../../../renderer/format/local-time.ts';

const AT = Date.UTC(2026, 2, 20, 18, 30, 45);

test('a local time names the year and the minute in local time', () => {
  const expected = new Intl.DateTimeFormat(undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(AT);
  expect(localTime(AT)).toBe(expected);
  expect(localTime(AT)).toContain('2026');
});

test('the seconds form differs from the minute form by its seconds', () => {
  expect(localTimeWithSeconds(AT)).toContain('45');
  expect(localTimeWithSeconds(AT)).not.toBe(localTime(AT));
});

test.each([[Number.NaN], [Number.POSITIVE_INFINITY]])(
  'an impossible time %d reads as a dash',
  (at) => {
    expect(localTime(at)).toBe('—');
    expect(localTimeWithSeconds(at)).toBe('—');
  },
);
