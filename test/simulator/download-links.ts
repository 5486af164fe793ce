import type { SeededRandom } from './seeded-random.ts';

// Download links minted by the attachment endpoint. Each call gets a new
// token that maps to one attachment until it expires, like AgentMail's
// signed URLs. Old links are pruned so the table stays bounded.

export interface DownloadLink {
  caseId: string;
  attachmentId: string;
  expiresAt: number;
}

const MAX_LINKS = 100_000;

export class DownloadLinks {
  #links = new Map<string, DownloadLink>();

  mint(random: SeededRandom, link: DownloadLink, now: number): string {
    if (this.#links.size >= MAX_LINKS) this.#prune(now);
    const token = random.hex(24);
    this.#links.set(token, link);
    return token;
  }

  get(token: string): DownloadLink | undefined {
    return this.#links.get(token);
  }

  /** Expires every live link; returns how many were live. */
  expireAll(now: number): number {
    let live = 0;
    for (const link of this.#links.values()) {
      if (link.expiresAt > now) {
        live += 1;
        link.expiresAt = now;
      }
    }
    return live;
  }

  clear(): void {
    this.#links.clear();
  }

  /** Drops expired links, then the oldest ones if still too many. */
  #prune(now: number): void {
    for (const [token, link] of this.#links) {
      if (link.expiresAt <= now) this.#links.delete(token);
    }
    for (const token of this.#links.keys()) {
      if (this.#links.size < MAX_LINKS) break;
      this.#links.delete(token);
    }
  }
}
