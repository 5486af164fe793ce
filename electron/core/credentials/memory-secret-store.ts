import type { SecretStore } from './secret-store.ts';

// Secrets held in this process only, for a key the user chose to keep for
// this run (typically because no keychain is reachable). Nothing is ever
// written to disk; the key is gone when the app quits.

/** A SecretStore in memory, lost when the process ends. */
export class MemorySecretStore implements SecretStore {
  readonly #secrets = new Map<string, string>();

  async get(account: string): Promise<string | null> {
    return this.#secrets.get(account) ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    this.#secrets.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    return this.#secrets.delete(account);
  }
}
