// A binary min-heap of scheduled events, ordered by simulated time and then
// by insertion order, so that events due at the same moment run in the
// order they were scheduled.

export interface ScheduledEvent {
  readonly at: number;
  readonly sequence: number;
  readonly run: () => void;
  cancelled: boolean;
}

function earlier(a: ScheduledEvent, b: ScheduledEvent): boolean {
  return a.at < b.at || (a.at === b.at && a.sequence < b.sequence);
}

export class EventHeap {
  #items: ScheduledEvent[] = [];

  get size(): number {
    return this.#items.length;
  }

  peek(): ScheduledEvent | undefined {
    return this.#items[0];
  }

  push(event: ScheduledEvent): void {
    const items = this.#items;
    items.push(event);
    let index = items.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentItem = items[parent] as ScheduledEvent;
      if (!earlier(event, parentItem)) break;
      items[index] = parentItem;
      index = parent;
    }
    items[index] = event;
  }

  pop(): ScheduledEvent | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) {
      return top;
    }
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const leftItem = items[left] as ScheduledEvent;
      const rightItem = items[right];
      const child =
        rightItem !== undefined && earlier(rightItem, leftItem) ? right : left;
      const childItem = items[child] as ScheduledEvent;
      if (!earlier(childItem, last)) break;
      items[index] = childItem;
      index = child;
    }
    items[index] = last;
    return top;
  }

  clear(): void {
    this.#items = [];
  }
}
