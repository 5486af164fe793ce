import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit } from '../../../../electron/core/sync/concurrency-limit.ts';
import { CaseLocks } from '../../../../electron/core/sync/case-locks.ts';

// The two gates of the engine: a counting semaphore and per-case locks.

/** A task that stays open until released, recording overlap. */
function gate() {
  const { promise, resolve } = Promise.withResolvers<void>();
  return { open: resolve, opened: promise };
}

describe('ConcurrencyLimit', () => {
  it('runs at most `limit` tasks at once, in arrival order', async () => {
    const limit = new ConcurrencyLimit(2);
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    const runs = gates.map((g, index) =>
      limit.run(async () => {
        started.push(index);
        await g.opened;
        return index;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1]);
    expect(limit.running).toBe(2);
    gates[1]?.open();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.open();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(limit.running).toBe(0);
  });

  it('gives the place back when a task throws', async () => {
    const limit = new ConcurrencyLimit(1);
    await expect(
      limit.run(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await limit.run(async () => 'next')).toBe('next');
  });

  it('lets waiters start when the limit is raised', async () => {
    const limit = new ConcurrencyLimit(1);
    const first = gate();
    const started: string[] = [];
    const a = limit.run(async () => {
      started.push('a');
      await first.opened;
    });
    const b = limit.run(async () => {
      started.push('b');
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['a']);
    limit.setLimit(2);
    await b;
    expect(started).toEqual(['a', 'b']);
    first.open();
    await a;
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses the limit %s', (value) => {
    expect(() => new ConcurrencyLimit(value)).toThrow(RangeError);
    expect(() => new ConcurrencyLimit(1).setLimit(value)).toThrow(RangeError);
  });
});

describe('CaseLocks', () => {
  it('runs tasks for one case one after another, others freely', async () => {
    const locks = new CaseLocks();
    const log: string[] = [];
    const first = gate();
    const a1 = locks.run('a', async () => {
      log.push('a1 start');
      await first.opened;
      log.push('a1 end');
    });
    const a2 = locks.run('a', async () => {
      log.push('a2');
    });
    const b = locks.run('b', async () => {
      log.push('b');
    });
    await b;
    expect(locks.busy('a')).toBe(true);
    expect(log).toEqual(['a1 start', 'b']);
    first.open();
    await Promise.all([a1, a2]);
    expect(log).toEqual(['a1 start', 'b', 'a1 end', 'a2']);
    expect(locks.busy('a')).toBe(false);
  });

  it('releases the lock when a task throws', async () => {
    const locks = new CaseLocks();
    await expect(
      locks.run('a', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await locks.run('a', async () => 'after')).toBe('after');
    expect(locks.busy('a')).toBe(false);
  });
});
