import { describe, expect, it } from 'vitest';
import { bridgeBusy } from './ui-bridge-time.ts';

function call(start: number, end: number) {
  return { channel: 'offload:cases.list', start, end };
}

describe('bridgeBusy', () => {
  it.each([
    ['no calls', [], 0, 100, 0],
    ['one call inside the window', [call(10, 40)], 0, 100, 30],
    ['a call cut at the end of the window', [call(50, 150)], 0, 100, 50],
    ['a call cut at the start of the window', [call(0, 30)], 10, 100, 20],
    ['a call wholly before the window', [call(0, 5)], 10, 100, 0],
    ['a call wholly after the window', [call(120, 130)], 0, 100, 0],
    [
      'overlapping calls counted once',
      [call(10, 50), call(30, 70)],
      0,
      100,
      60,
    ],
    ['a call inside another', [call(10, 90), call(20, 30)], 0, 100, 80],
    ['calls out of order', [call(60, 80), call(10, 20)], 0, 100, 30],
    ['a call of no length', [call(90, 90)], 0, 100, 0],
  ] as const)('counts %s', (_name, calls, from, to, expected) => {
    expect(bridgeBusy(calls, from, to)).toBe(expected);
  });
});
