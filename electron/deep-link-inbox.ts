// Deep links can arrive before the window's page listens for them: in the
// process's own arguments, or from the OS while the app is starting. The
// inbox keeps them until the page has loaded, then hands each over once.

/** At most this many links wait; a flood of launches keeps the newest. */
const MAX_PENDING = 10;

export class DeepLinkInbox {
  #pending: string[] = [];
  #deliver: ((url: string) => void) | null = null;

  /** A link from the OS or the arguments. */
  receive(url: string): void {
    if (this.#deliver) {
      this.#deliver(url);
      return;
    }
    this.#pending.push(url);
    if (this.#pending.length > MAX_PENDING) this.#pending.shift();
  }

  /** The page is listening: deliver what waited, then each new link. */
  open(deliver: (url: string) => void): void {
    this.#deliver = deliver;
    const waiting = this.#pending;
    this.#pending = [];
    for (const url of waiting) deliver(url);
  }

  /** The page is gone: keep links again until the next one loads. */
  close(): void {
    this.#deliver = null;
  }
}
