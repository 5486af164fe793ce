import { describe, expect, it } from 'vitest';
import { RequestBudget } from '../../../../electron/core/sync/request-budget.ts';
import { VirtualClock } from './sync-rig.ts';

// The shared token bucket on a virtual clock: every grant time is exact.

function budgetOn(clock: VirtualClock, perSecond: number, burst?: number) {
  return new RequestBudget({
    perSecond,
    ...(burst === undefined ? {} : { burst }),
    now: clock.now,
    sleep: clock.sleep,
  });
}

/** Starts `count` takes at once and resolves with each one's grant time. */
async function grantTimes(
  budget: RequestBudget,
  clock: VirtualClock,
  count: number,
): Promise<number[]> {
  const start = clock.now();
  return Promise.all(
    Array.from({ length: count }, async () => {
      await budget.take();
      return clock.now() - start;
    }),
  );
}

describe('RequestBudget', () => {
  it('lets a burst through at once, then spaces requests at the rate', async () => {
    const clock = new VirtualClock();
    const budget = budgetOn(clock, 10, 3);
    expect(await grantTimes(budget, clock, 6)).toEqual([
      0, 0, 0, 100, 200, 300,
    ]);
    expect(budget.granted).toBe(6);
  });

  it('refills the burst after a quiet spell', async () => {
    const clock = new VirtualClock();
    const budget = budgetOn(clock, 10, 2);
    await grantTimes(budget, clock, 4);
    clock.advance(10_000);
    expect(await grantTimes(budget, clock, 3)).toEqual([0, 0, 100]);
  });

  it('never hands out more than burst + rate × time', async () => {
    const clock = new VirtualClock();
    const budget = budgetOn(clock, 50, 5);
    const times = await grantTimes(budget, clock, 200);
    for (const window of [0, 100, 1_000, 2_000, 3_000]) {
      const inWindow = times.filter((time) => time <= window).length;
      expect(inWindow).toBeLessThanOrEqual(5 + (50 * window) / 1000);
    }
    expect(Math.max(...times)).toBe(((200 - 5) * 1000) / 50);
  });

  it('serves waiters in the order they asked', async () => {
    const clock = new VirtualClock();
    const budget = budgetOn(clock, 100, 1);
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4].map(async (index) => {
        await budget.take();
        order.push(index);
      }),
    );
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('holds every caller during a pause, then lets at most a burst go', async () => {
    const clock = new VirtualClock();
    const budget = budgetOn(clock, 10, 2);
    budget.pauseFor(5_000);
    expect(budget.pausedUntil()).toBe(clock.now() + 5_000);
    expect(await grantTimes(budget, clock, 4)).toEqual([
      5_000, 5_000, 5_100, 5_200,
    ]);
    expect(budget.pausedUntil()).toBeNull();
  });

  it('re-queues callers already waiting when a pause begins', async () => {
    const clock = new VirtualClock();
    const budget = budgetOn(clock, 1, 1);
    await budget.take();
    const start = clock.now();
    const waiting = budget.take().then(() => clock.now() - start);
    // The waiter was due at 1 s; a 429 now pauses everything for 30 s.
    budget.pauseFor(30_000);
    expect(await waiting).toBe(30_000);
  });

  it('keeps a longer pause already in force', async () => {
    const clock = new VirtualClock();
    const budget = budgetOn(clock, 10);
    budget.pauseFor(10_000);
    budget.pauseFor(1_000);
    expect(budget.pausedUntil()).toBe(clock.now() + 10_000);
  });

  it('changes its spacing with setRate', async () => {
    const clock = new VirtualClock();
    const budget = budgetOn(clock, 10, 1);
    await budget.take();
    budget.setRate(2);
    expect(budget.perSecond).toBe(2);
    expect(await grantTimes(budget, clock, 3)).toEqual([100, 600, 1_100]);
  });

  it('rejects an aborted take and gives its slot to the next caller', async () => {
    const clock = new VirtualClock();
    const budget = budgetOn(clock, 1, 1);
    await budget.take();
    const controller = new AbortController();
    const start = clock.now();
    const abandoned = budget.take(controller.signal);
    controller.abort();
    await expect(abandoned).rejects.toThrow(/abort/i);
    await budget.take();
    expect(clock.now() - start).toBe(1_000);
    expect(budget.granted).toBe(2);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const clock = new VirtualClock();
    const budget = budgetOn(clock, 10);
    await expect(budget.take(AbortSignal.abort())).rejects.toThrow(/abort/i);
    expect(budget.granted).toBe(0);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses the rate %s',
    (rate) => {
      expect(() => new RequestBudget({ perSecond: rate })).toThrow(RangeError);
      const budget = new RequestBudget({ perSecond: 1 });
      expect(() => budget.setRate(rate)).toThrow(RangeError);
    },
  );

  it.each([0, -2, 1.5, Number.NaN])('refuses the burst %s', (burst) => {
    expect(() => new RequestBudget({ perSecond: 1, burst })).toThrow(
      RangeError,
    );
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses a pause of %s ms',
    (ms) => {
      const budget = new RequestBudget({ perSecond: 1 });
      expect(() => budget.pauseFor(ms)).toThrow(RangeError);
    },
  );

  it('waits in real time with the default clock', async () => {
    const budget = new RequestBudget({ perSecond: 1_000, burst: 1 });
    await budget.take();
    await budget.take();
    expect(budget.granted).toBe(2);
  });
});
