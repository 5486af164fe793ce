// One request in flight per case: every read of a case (poll, refresh,
// transcript) runs under that case's lock, so two answers about the same
// case can never race each other into the store.

/** Serialises tasks per key; different keys run freely. */
export class CaseLocks {
  readonly #tails = new Map<string, Promise<void>>();

  /** Whether a task for `caseId` is running or waiting. */
  busy(caseId: string): boolean {
    return this.#tails.has(caseId);
  }

  /** Runs `task` after every task queued before it for the same case. */
  async run<T>(caseId: string, task: () => Promise<T>): Promise<T> {
    const before = this.#tails.get(caseId) ?? Promise.resolve();
    const { promise: mine, resolve: release } = Promise.withResolvers<void>();
    const tail = before.then(() => mine);
    this.#tails.set(caseId, tail);
    try {
      await before;
      return await task();
    } finally {
      release();
      if (this.#tails.get(caseId) === tail) this.#tails.delete(caseId);
    }
  }
}
