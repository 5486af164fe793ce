import { createHash } from 'node:crypto';

// Every random choice the simulator makes (ids, tokens, scenarios) comes
// from one seeded stream, so a run with the same seed and the same
// sequence of requests produces the same ids and the same stories.

/** sfc32: small, fast and good enough for test data (not for secrets). */
export class SeededRandom {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number, stream = 'main') {
    const digest = createHash('sha256')
      .update(`offload-sim:${seed}:${stream}`)
      .digest();
    this.#a = digest.readUInt32LE(0);
    this.#b = digest.readUInt32LE(4);
    this.#c = digest.readUInt32LE(8);
    this.#d = digest.readUInt32LE(12);
    // Warm up so that nearby seeds diverge before the first value is used.
    for (let i = 0; i < 16; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** An integer in [0, max). */
  int(max: number): number {
    return Math.floor((this.uint32() / 0x1_0000_0000) * max);
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  bytes(count: number): Buffer {
    const out = Buffer.allocUnsafe(count);
    for (let i = 0; i < count; i += 4) {
      const value = this.uint32();
      for (let j = 0; j < 4 && i + j < count; j++) {
        out[i + j] = (value >>> (8 * j)) & 0xff;
      }
    }
    return out;
  }

  hex(byteCount: number): string {
    return this.bytes(byteCount).toString('hex');
  }

  /** A version-4 UUID built from the stream. */
  uuid(): string {
    const b = this.bytes(16);
    b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
    b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
    const h = b.toString('hex');
    return [
      h.slice(0, 8),
      h.slice(8, 12),
      h.slice(12, 16),
      h.slice(16, 20),
      h.slice(20),
    ].join('-');
  }
}

/**
 * A stable secret-looking value for a seed and a purpose. Kept apart from
 * the main stream so that keys do not change when the call order does.
 */
export function derivedToken(seed: number, purpose: string): string {
  return createHash('sha256')
    .update(`offload-sim-token:${seed}:${purpose}`)
    .digest('hex')
    .slice(0, 32);
}
