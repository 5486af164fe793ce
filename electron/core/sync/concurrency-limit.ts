// A counting semaphore: at most `limit` tasks run at once, the others wait
// in arrival order. The poll engine uses one for all reads and a smaller
// one for transcript fetches.

/** Runs tasks with at most `limit` at a time. */
export class ConcurrencyLimit {
  #limit: number;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(limit: number) {
    this.#limit = checkLimit(limit);
  }

  get running(): number {
    return this.#running;
  }

  /** Changes the limit; a raise lets waiters start at once. */
  setLimit(limit: number): void {
    this.#limit = checkLimit(limit);
    this.#wakeWaiters();
  }

  /** Runs `task` when a place is free and gives the place back after. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#limit) {
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running += 1;
    }
    try {
      return await task();
    } finally {
      this.#running -= 1;
      this.#wakeWaiters();
    }
  }

  #wakeWaiters(): void {
    while (this.#running < this.#limit && this.#waiting.length > 0) {
      this.#running += 1;
      this.#waiting.shift()?.();
    }
  }
}

function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(
      `A concurrency limit must be a whole number ≥ 1, not ${limit}.`,
    );
  }
  return limit;
}
