// A fixed-capacity log that keeps the newest entries, so that a
// simulator left running under a benchmark never grows without bound.

export class RingBuffer<T> {
  readonly capacity: number;
  #items: T[] = [];
  #next = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  push(item: T): void {
    if (this.#items.length < this.capacity) {
      this.#items.push(item);
    } else {
      this.#items[this.#next] = item;
    }
    this.#next = (this.#next + 1) % this.capacity;
  }

  /** Entries oldest first. */
  toArray(): T[] {
    if (this.#items.length < this.capacity) return [...this.#items];
    return [
      ...this.#items.slice(this.#next),
      ...this.#items.slice(0, this.#next),
    ];
  }

  clear(): void {
    this.#items = [];
    this.#next = 0;
  }
}
