import { describe, expect, it } from 'vitest';
import { backoffDelay, sleep } from '../../../electron/core/backoff.ts';

const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 };
const almostOne = () => 0.999_999;

describe('backoffDelay', () => {
  it('doubles the window with each retry up to the cap', () => {
    expect(backoffDelay(policy, 0, almostOne)).toBe(99);
    expect(backoffDelay(policy, 1, almostOne)).toBe(199);
    expect(backoffDelay(policy, 3, almostOne)).toBe(799);
    expect(backoffDelay(policy, 10, almostOne)).toBe(999);
  });

  it('spreads waits over the whole window (full jitter)', () => {
    expect(backoffDelay(policy, 2, () => 0)).toBe(0);
    expect(backoffDelay(policy, 2, () => 0.5)).toBe(200);
  });
});

describe('sleep', () => {
  it('rejects with the reason when the signal aborts', async () => {
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
  });

  it('rejects at once for a signal that is already aborted', async () => {
    await expect(sleep(60_000, AbortSignal.abort('gone'))).rejects.toBe('gone');
  });
});
