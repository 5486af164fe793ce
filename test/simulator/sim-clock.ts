import { EventHeap, type ScheduledEvent } from './event-heap.ts';

// The simulated clock and its scheduler. Simulated time runs `timeScale`
// times faster than real time, plus whatever the admin API adds with
// advance(). Pending work sits in one heap, and a single real timer is
// armed for the earliest event. While an event runs, now() reports the
// event's own time, so that a large advance() replays a case's history
// with the same timestamps it would have had in real time.

/** Longest delay setTimeout accepts (about 24.8 days). */
const MAX_TIMER_DELAY_MS = 2_147_483_647;

export interface EventHandle {
  cancel(): void;
  readonly at: number;
}

export class SimClock {
  readonly timeScale: number;
  readonly #startEpoch: number;
  readonly #startReal: number;
  #offset = 0;
  #executingAt: number | null = null;
  #heap = new EventHeap();
  #sequence = 0;
  #timer: NodeJS.Timeout | undefined;
  #timerAt = Infinity;
  #closed = false;
  #onError: (error: unknown) => void;

  constructor(timeScale: number, onError: (error: unknown) => void) {
    this.timeScale = timeScale;
    this.#startEpoch = Date.now();
    this.#startReal = performance.now();
    this.#onError = onError;
  }

  /** Current simulated time in epoch milliseconds. */
  now(): number {
    return this.#executingAt ?? this.#wallNow();
  }

  #wallNow(): number {
    const elapsed = (performance.now() - this.#startReal) * this.timeScale;
    return Math.floor(this.#startEpoch + elapsed + this.#offset);
  }

  /** Runs `run` once simulated time reaches `at`. */
  schedule(at: number, run: () => void): EventHandle {
    const event: ScheduledEvent = {
      at,
      sequence: this.#sequence++,
      run,
      cancelled: false,
    };
    this.#heap.push(event);
    if (at < this.#timerAt) this.#arm();
    return {
      at,
      cancel: () => {
        event.cancelled = true;
      },
    };
  }

  /** Moves simulated time forward and runs everything that became due. */
  advance(ms: number): number {
    this.#offset += ms;
    this.runDue();
    return this.now();
  }

  /**
   * Runs every event due by now, in time order. Called by the timer and at
   * the start of each request, so no request sees stale state because a
   * real timer fired a little late.
   */
  runDue(): void {
    if (this.#executingAt !== null) return;
    const heap = this.#heap;
    let first = heap.peek();
    if (first === undefined || first.at > this.#wallNow()) return;
    const until = this.#wallNow();
    try {
      while (first !== undefined && first.at <= until) {
        heap.pop();
        if (!first.cancelled) {
          this.#executingAt = first.at;
          try {
            first.run();
          } catch (error) {
            this.#onError(error);
          }
        }
        first = heap.peek();
      }
    } finally {
      this.#executingAt = null;
    }
    this.#arm();
  }

  /** Drops every pending event (used by reset). */
  clearEvents(): void {
    this.#heap.clear();
    this.#disarm();
  }

  close(): void {
    this.#closed = true;
    this.clearEvents();
  }

  #disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Infinity;
  }

  #arm(): void {
    this.#disarm();
    const next = this.#heap.peek();
    // A frozen clock (timeScale 0) only moves through advance().
    if (next === undefined || this.#closed || this.timeScale === 0) return;
    const realDelay = Math.max(0, (next.at - this.#wallNow()) / this.timeScale);
    this.#timerAt = next.at;
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.#timerAt = Infinity;
        this.runDue();
        if (this.#timer === undefined) this.#arm();
      },
      Math.min(Math.ceil(realDelay), MAX_TIMER_DELAY_MS),
    );
    this.#timer.unref();
  }
}
