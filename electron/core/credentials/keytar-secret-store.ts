import { createRequire } from 'node:module';
import {
  KeychainUnavailableError,
  keychainProblemOf,
} from './keychain-unavailable-error.ts';
import type { SecretStore } from './secret-store.ts';

// The OS keychain through @github/keytar: Keychain on macOS, Credential
// Manager on Windows, the Secret Service (GNOME Keyring, KWallet) over D-Bus
// on Linux. Errors that mean "no usable keychain" become a
// KeychainUnavailableError; anything else stays the error it was.

type Keytar = typeof import('@github/keytar');

/** The keychain service name entries are filed under. */
export const DEFAULT_KEYCHAIN_SERVICE = 'Offload Console';

let keytar: Keytar | undefined;

// Loaded on first use, not on import: a native addon that fails to load is
// a state to show ("cannot store securely"), not a crash at startup.
function loadKeytar(): Keytar {
  keytar ??= createRequire(import.meta.url)('@github/keytar') as Keytar;
  return keytar;
}

export interface KeytarSecretStoreOptions {
  /** Keychain service name; tests use their own. */
  service?: string;
}

/** A SecretStore in the OS keychain, one entry per account. */
export class KeytarSecretStore implements SecretStore {
  readonly service: string;

  constructor(options: KeytarSecretStoreOptions = {}) {
    this.service = options.service ?? DEFAULT_KEYCHAIN_SERVICE;
  }

  get(account: string): Promise<string | null> {
    return this.#call((k) => k.getPassword(this.service, account));
  }

  set(account: string, secret: string): Promise<void> {
    return this.#call(
      (k) => k.setPassword(this.service, account, secret),
      secret,
    );
  }

  delete(account: string): Promise<boolean> {
    return this.#call((k) => k.deletePassword(this.service, account));
  }

  async #call<T>(
    operation: (k: Keytar) => Promise<T>,
    secret?: string,
  ): Promise<T> {
    try {
      return await operation(loadKeytar());
    } catch (error) {
      const problem = keychainProblemOf(error);
      const words = error instanceof Error ? error.message : String(error);
      // No keychain library is known to echo a secret, but make sure.
      const detail = secret ? words.replaceAll(secret, '[redacted]') : words;
      if (problem) throw new KeychainUnavailableError(problem, detail);
      if (detail === words) throw error;
      // oxlint-disable-next-line preserve-caught-error -- the cause holds the secret
      throw new Error(detail);
    }
  }
}
