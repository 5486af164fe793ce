import { derivedToken } from './seeded-random.ts';

// The key table. Keys belong to clients; cases belong to the client of
// the key that created them, so every key of a client sees its cases.
// Keys are stable per seed so a test or a saved console config can reuse
// them across runs.

export type KeyClass = 'active' | 'inactive' | 'unknown' | 'missing';

export interface KeyRecord {
  clientId: string;
  active: boolean;
}

export const DEMO_CLIENT = 'client-a';
export const OTHER_CLIENT = 'client-b';

export interface SeededKeys {
  active: string;
  inactive: string;
  otherClient: string;
}

export function seededKeys(seed: number): SeededKeys {
  return {
    active: `sim_live_${derivedToken(seed, 'client-a:active')}`,
    inactive: `sim_live_${derivedToken(seed, 'client-a:inactive')}`,
    otherClient: `sim_live_${derivedToken(seed, 'client-b:active')}`,
  };
}

export function adminToken(seed: number): string {
  return `sim_admin_${derivedToken(seed, 'admin')}`;
}

export class ApiKeys {
  readonly #seeded: SeededKeys;
  #keys = new Map<string, KeyRecord>();

  constructor(seeded: SeededKeys) {
    this.#seeded = seeded;
    this.reset();
  }

  /** Back to the three seeded keys. */
  reset(): void {
    this.#keys = new Map([
      [this.#seeded.active, { clientId: DEMO_CLIENT, active: true }],
      [this.#seeded.inactive, { clientId: DEMO_CLIENT, active: false }],
      [this.#seeded.otherClient, { clientId: OTHER_CLIENT, active: true }],
    ]);
  }

  lookup(key: string | undefined): KeyRecord | undefined {
    return key === undefined ? undefined : this.#keys.get(key);
  }

  classify(key: string | undefined): KeyClass {
    if (key === undefined || key === '') return 'missing';
    const record = this.#keys.get(key);
    if (record === undefined) return 'unknown';
    return record.active ? 'active' : 'inactive';
  }

  set(key: string, record: KeyRecord): void {
    this.#keys.set(key, record);
  }

  knownClients(): Set<string> {
    return new Set([...this.#keys.values()].map((record) => record.clientId));
  }
}
