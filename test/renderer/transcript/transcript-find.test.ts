import { expect, test } from 'vitest';
import { findMatches } from '../../../renderer/transcript/transcript-find.ts';

test('matches are found case-insensitively in every block', () => {
  const found = findMatches(
    ['Invoice one', 'no', 'the INVOICE, invoice'],
    'invoice',
  );
  expect(found.matches).toEqual([
    { block: 0, start: 0, end: 7 },
    { block: 2, start: 4, end: 11 },
    { block: 2, start: 13, end: 20 },
  ]);
  expect(found.truncated).toBe(false);
});

test.each([[''], ['   ']])('the blank query %j finds nothing', (query) => {
  expect(findMatches(['anything'], query).matches).toEqual([]);
});

test.each([['a.b'], ['(x'], ['[y]'], ['*'], ['\\']])(
  'the query %j is taken literally, not as a pattern',
  (query) => {
    expect(findMatches([`x ${query} y`], query).matches).toHaveLength(1);
    expect(findMatches(['nothing here'], query).matches).toHaveLength(0);
  },
);

test('offsets stay right after letters whose lower case is longer', () => {
  const text = 'İstanbul invoice';
  const [match] = findMatches([text], 'invoice').matches;
  expect(text.slice(match!.start, match!.end)).toBe('invoice');
});

test('the number of matches is capped and the cap is reported', () => {
  const found = findMatches(['a'.repeat(100)], 'a', 10);
  expect(found.matches).toHaveLength(10);
  expect(found.truncated).toBe(true);
});
