// What the window may know about an API key, and what setting one gave:
// never the key itself. Shared by the key manager and the IPC contract.

/** Where the key in use comes from. */
export type KeySource = 'keychain' | 'session' | 'environment' | 'none';

/** What the UI may know about a profile's key: never the key itself. */
export interface KeyStatus {
  configured: boolean;
  source: KeySource;
  /** When Offload last accepted the key (epoch ms); null if never checked. */
  verifiedAt: number | null;
  keychain: 'available' | 'unavailable';
}

export interface SetKeyOptions {
  /** Keep the key even though Offload could not be reached to check it. */
  acceptUnverified?: boolean;
  /** Keep the key in memory for this run only, not in the keychain. */
  sessionOnly?: boolean;
}

export type SetKeyResult =
  | {
      outcome: 'saved';
      /** null when kept unverified. */
      verifiedAt: number | null;
      storage: 'keychain' | 'session';
    }
  | {
      outcome: 'rejected';
      reason: 'unknown-key' | 'inactive-key';
      message: string;
    }
  | { outcome: 'unverified'; message: string }
  | { outcome: 'keychain-unavailable'; message: string };
