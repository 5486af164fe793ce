import { sleep as realSleep } from '../backoff.ts';

// One budget of requests per second shared by everything that calls the
// Offload API: the poll engine, transcript fetches, the answer flow and
// downloads. API Gateway throttles per account, so two parts of the app
// that each kept "their own" rate would add up to more than the account
// may send. A 429 pauses the whole budget, not just the caller that saw it.
//
// It is a token bucket written as a reservation schedule (GCRA): each
// caller reserves the next free slot and sleeps until it, so waiters are
// served in arrival order and wake once, however many are queued.
// https://en.wikipedia.org/wiki/Generic_cell_rate_algorithm

export interface RequestBudgetOptions {
  /** Requests per second, > 0. */
  perSecond: number;
  /** Requests that may go at once after a quiet spell. Default 5. */
  burst?: number;
  /** Clock in ms; tests inject a virtual one. */
  now?: () => number;
  /** Waits `ms` or rejects when the signal aborts; injected with `now`. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const DEFAULT_BURST = 5;

function checkRate(perSecond: number): number {
  if (!Number.isFinite(perSecond) || perSecond <= 0) {
    throw new RangeError(
      `A request budget needs a positive rate, not ${perSecond}.`,
    );
  }
  return perSecond;
}

function checkBurst(burst: number): number {
  if (!Number.isInteger(burst) || burst < 1) {
    throw new RangeError(
      `A request budget's burst must be a whole number ≥ 1, not ${burst}.`,
    );
  }
  return burst;
}

/** A shared token bucket with a global pause; see the file comment. */
export class RequestBudget {
  readonly #now: () => number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #burst: number;
  #intervalMs = 0;
  /** When the slot after the last reservation is free (GCRA's TAT). */
  #nextSlotAt = Number.NEGATIVE_INFINITY;
  #pausedUntil = Number.NEGATIVE_INFINITY;
  /** Bumped by each pause: reservations made before it are void. */
  #generation = 0;
  #granted = 0;

  constructor(options: RequestBudgetOptions) {
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? realSleep;
    this.#burst = checkBurst(options.burst ?? DEFAULT_BURST);
    this.setRate(options.perSecond);
  }

  /** Changes the rate; waiters already holding a slot keep it. */
  setRate(perSecond: number): void {
    this.#intervalMs = 1000 / checkRate(perSecond);
  }

  get perSecond(): number {
    return 1000 / this.#intervalMs;
  }

  /** How many tokens were handed out since the budget was made. */
  get granted(): number {
    return this.#granted;
  }

  /** The end of the current global pause, or null when there is none. */
  pausedUntil(): number | null {
    return this.#pausedUntil > this.#now() ? this.#pausedUntil : null;
  }

  /**
   * Stops handing out tokens for `ms` (after a 429). A longer pause already
   * in force is kept; waiters wake at its end and queue again, so at most
   * a burst goes out when it ends.
   */
  pauseFor(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`A pause must be ≥ 0 ms, not ${ms}.`);
    }
    const until = this.#now() + ms;
    if (until <= this.#pausedUntil) return;
    this.#pausedUntil = until;
    this.#nextSlotAt = until;
    this.#generation += 1;
  }

  /** Resolves when the caller may send one request. */
  async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.#now();
      const generation = this.#generation;
      const { grantAt, slot } = this.#reserve(now);
      if (grantAt <= now) {
        this.#granted += 1;
        return;
      }
      try {
        await this.#sleep(grantAt - now, signal);
      } catch (reason) {
        this.#release(slot, generation);
        throw reason;
      }
      // A pause that began while we slept voided our slot: queue again.
      if (generation === this.#generation) {
        this.#granted += 1;
        return;
      }
    }
  }

  /** Books the next slot and answers when it may be used. */
  #reserve(now: number): { grantAt: number; slot: number } {
    const start = Math.max(now, this.#pausedUntil);
    const slot = Math.max(this.#nextSlotAt, start);
    const tolerance = (this.#burst - 1) * this.#intervalMs;
    this.#nextSlotAt = slot + this.#intervalMs;
    return { grantAt: Math.max(start, slot - tolerance), slot };
  }

  /** Gives back an abandoned slot when no one booked after it. */
  #release(slot: number, generation: number): void {
    if (
      generation === this.#generation &&
      this.#nextSlotAt === slot + this.#intervalMs
    ) {
      this.#nextSlotAt = slot;
    }
  }
}
