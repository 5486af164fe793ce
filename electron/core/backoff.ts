// Exponential backoff with full jitter: the n-th retry waits a uniformly
// random time in [0, min(cap, base * 2^n)). Spreading retries over the
// whole window keeps many clients (or many cases) from retrying in step
// after a shared outage.
// https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/

export interface BackoffPolicy {
  /** Total tries including the first; 1 means never retry. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
};

/** The wait before retry number `retry` (0 for the first retry). */
export function backoffDelay(
  policy: BackoffPolicy,
  retry: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(
    policy.maxDelayMs,
    policy.baseDelayMs * 2 ** Math.max(0, retry),
  );
  return Math.floor(random() * ceiling);
}

/** Resolves after `ms`, or rejects with the signal's reason when aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
