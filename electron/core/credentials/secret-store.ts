// Where secrets live, behind three methods so the keychain library is one
// file and the rest of the core (and its tests) can use any store: the OS
// keychain, or memory for a key kept for one run only.

/** A place to keep secrets by account name. */
export interface SecretStore {
  /** The secret for `account`, or null when there is none. */
  get(account: string): Promise<string | null>;
  /** Stores (or replaces) the secret for `account`. */
  set(account: string, secret: string): Promise<void>;
  /** Removes the secret; true when there was one. */
  delete(account: string): Promise<boolean>;
}
