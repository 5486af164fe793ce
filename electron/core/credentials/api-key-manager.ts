import type {
  KeyStatus,
  SetKeyOptions,
  SetKeyResult,
} from '../../../shared/key-status.ts';
import { PROFILE_ID_PATTERN } from '../../../shared/settings.ts';
import { silentLogger } from '../logger.ts';
import type { Logger } from '../logger.ts';
import { OffloadClient, normaliseBaseUrl } from '../offload-client.ts';
import type { KeyCheck, OffloadClientOptions } from '../offload-client.ts';
import { normaliseApiKey } from './api-key-format.ts';
import { KeychainUnavailableError } from './keychain-unavailable-error.ts';
import { MemorySecretStore } from './memory-secret-store.ts';
import type { SecretStore } from './secret-store.ts';

// The API key of each profile: checked against Offload before it is kept,
// kept in the keychain (or, by the user's choice, in memory for this run),
// and used only inside the core: callers get a ready OffloadClient or a
// status, never the key. Every key seen is registered with the logger's
// redactor, so it cannot reach a log line.
//
// Storage: the key is the entry `<profile>` of the secret store; beside it,
// the entry `<profile>:meta` holds `{"verifiedAt": <epoch ms | null>}`,
// when Offload last accepted the key. Profile ids cannot contain `:`, so the
// two never collide. A key kept for this run has the same two entries in a
// MemorySecretStore. OFFLOAD_API_KEY (and OFFLOAD_BASE_URL) from the
// environment, for headless use, win over both and are never stored.

export type {
  KeySource,
  KeyStatus,
  SetKeyOptions,
  SetKeyResult,
} from '../../../shared/key-status.ts';

/** Asks Offload whether a key works, without side effects. */
export type VerifyKey = (baseUrl: string, key: string) => Promise<KeyCheck>;

/** Settings for the clients the manager builds (not the key or URL). */
export type ClientSettings = Omit<
  OffloadClientOptions,
  'baseUrl' | 'apiKey' | 'logger'
>;

export interface ApiKeyManagerOptions {
  secretStore: SecretStore;
  /** Default: OffloadClient.verifyKey against `baseUrl`. */
  verify?: VerifyKey;
  /** Read for OFFLOAD_API_KEY and OFFLOAD_BASE_URL. Default process.env. */
  env?: NodeJS.ProcessEnv;
  now?: () => number;
  logger?: Logger;
  clientSettings?: ClientSettings;
}

const REJECTED_MESSAGES = {
  'unknown-key':
    'Offload does not recognise this API key. Check that it was copied ' +
    'whole, from the right account. The key was not saved.',
  'inactive-key':
    'This API key is inactive. Ask your Offload administrator for an ' +
    'active key. The key was not saved.',
} as const;

interface KeyMeta {
  verifiedAt: number | null;
}

function metaAccount(profile: string): string {
  return `${profile}:meta`;
}

function parseMeta(text: string | null): KeyMeta {
  if (text === null) return { verifiedAt: null };
  try {
    const value = (JSON.parse(text) as { verifiedAt?: unknown }).verifiedAt;
    return {
      verifiedAt:
        typeof value === 'number' && Number.isFinite(value) ? value : null,
    };
  } catch {
    return { verifiedAt: null };
  }
}

function checkProfile(profile: string): void {
  if (typeof profile !== 'string' || !PROFILE_ID_PATTERN.test(profile)) {
    throw new Error(
      'A profile id is 1-64 letters, digits, "-" or "_", starting with one.',
    );
  }
}

/** The API key of each profile; the only code that touches keys. */
export class ApiKeyManager {
  readonly #keychain: SecretStore;
  readonly #session = new MemorySecretStore();
  readonly #verify: VerifyKey;
  readonly #now: () => number;
  /** Given to the clients built here, so their lines read `[…:offload]`. */
  readonly #logger: Logger;
  readonly #log: Logger;
  readonly #clientSettings: ClientSettings;
  readonly #envKey: string | null;
  readonly #envBaseUrl: string | null;
  /** Whether the last keychain call failed; its warning is logged once. */
  #keychainDown = false;

  constructor(options: ApiKeyManagerOptions) {
    const logger = options.logger ?? silentLogger;
    this.#logger = logger;
    this.#log = logger.child('credentials');
    this.#keychain = options.secretStore;
    this.#now = options.now ?? Date.now;
    this.#clientSettings = options.clientSettings ?? {};
    this.#verify =
      options.verify ??
      ((baseUrl, key) =>
        new OffloadClient({
          ...this.#clientSettings,
          baseUrl,
          apiKey: key,
          logger,
        }).verifyKey());

    const env = options.env ?? process.env;
    this.#envKey = this.#readEnvKey(env.OFFLOAD_API_KEY);
    this.#envBaseUrl = this.#readEnvBaseUrl(env.OFFLOAD_BASE_URL);
  }

  /** Whether the profile has a key, where from, and if it was checked. */
  async status(profile: string): Promise<KeyStatus> {
    checkProfile(profile);
    let keychain: KeyStatus['keychain'] = 'available';
    let stored: { meta: KeyMeta } | null = null;
    try {
      stored = await this.#read(this.#keychain, profile);
      this.#noteKeychainUp();
    } catch (error) {
      if (!(error instanceof KeychainUnavailableError)) throw error;
      keychain = 'unavailable';
      this.#noteKeychainDown(error);
    }

    if (this.#envKey !== null) {
      return {
        configured: true,
        source: 'environment',
        verifiedAt: null,
        keychain,
      };
    }
    const session = await this.#read(this.#session, profile);
    if (session) {
      return {
        configured: true,
        source: 'session',
        verifiedAt: session.meta.verifiedAt,
        keychain,
      };
    }
    if (stored) {
      return {
        configured: true,
        source: 'keychain',
        verifiedAt: stored.meta.verifiedAt,
        keychain,
      };
    }
    return { configured: false, source: 'none', verifiedAt: null, keychain };
  }

  /**
   * Checks `key` against Offload at `baseUrl` and keeps it when Offload
   * accepts it (or, with `acceptUnverified`, when Offload cannot be
   * reached). Throws ApiKeyFormatError for a key that cannot be right and
   * a plain Error for an unusable base URL; other outcomes are results.
   */
  async setKey(
    profile: string,
    baseUrl: string,
    key: string,
    options: SetKeyOptions = {},
  ): Promise<SetKeyResult> {
    checkProfile(profile);
    const apiKey = normaliseApiKey(key);
    this.#log.redactor.addSecret(apiKey);
    const url = normaliseBaseUrl(baseUrl);

    const check = await this.#verify(url, apiKey);
    let verifiedAt: number | null;
    switch (check.outcome) {
      case 'valid':
        verifiedAt = this.#now();
        break;
      case 'rejected':
        this.#log.warn('Offload refused the API key; not saved', {
          profile,
          reason: check.reason,
        });
        return {
          outcome: 'rejected',
          reason: check.reason,
          message: REJECTED_MESSAGES[check.reason],
        };
      case 'unreachable':
        if (!options.acceptUnverified) {
          this.#log.warn('could not check the API key; not saved', {
            profile,
            kind: check.error.kind,
          });
          return {
            outcome: 'unverified',
            message:
              `The key could not be checked: ${check.error.message} ` +
              'It was not saved. Try again, or save it without checking.',
          };
        }
        verifiedAt = null;
        break;
    }

    const meta = JSON.stringify({ verifiedAt } satisfies KeyMeta);
    if (options.sessionOnly) {
      await this.#write(this.#session, profile, apiKey, meta);
      this.#log.info('API key kept for this run only', {
        profile,
        verified: verifiedAt !== null,
      });
      return { outcome: 'saved', verifiedAt, storage: 'session' };
    }
    try {
      await this.#write(this.#keychain, profile, apiKey, meta);
    } catch (error) {
      if (!(error instanceof KeychainUnavailableError)) throw error;
      this.#noteKeychainDown(error);
      return { outcome: 'keychain-unavailable', message: error.message };
    }
    this.#noteKeychainUp();
    // The stored key replaces one kept for this run.
    await this.#remove(this.#session, profile);
    this.#log.info('API key saved in the keychain', {
      profile,
      verified: verifiedAt !== null,
    });
    return { outcome: 'saved', verifiedAt, storage: 'keychain' };
  }

  /**
   * Forgets the profile's key, in memory and in the keychain; true when
   * there was one. An environment key is not ours to remove and stays.
   * Throws KeychainUnavailableError (after clearing memory) when the
   * keychain cannot be reached.
   */
  async removeKey(profile: string): Promise<boolean> {
    checkProfile(profile);
    const inSession = await this.#remove(this.#session, profile);
    const inKeychain = await this.#remove(this.#keychain, profile);
    if (inSession || inKeychain) {
      this.#log.info('API key removed', { profile });
    }
    return inSession || inKeychain;
  }

  /**
   * A client using the profile's key, or null when it has none. The key
   * stays inside the client. Throws KeychainUnavailableError when the key
   * would come from a keychain that cannot be reached.
   */
  async clientFor(
    profile: string,
    baseUrl: string,
  ): Promise<OffloadClient | null> {
    checkProfile(profile);
    let apiKey = this.#envKey;
    let url = baseUrl;
    if (apiKey !== null) {
      url = this.#envBaseUrl ?? baseUrl;
    } else {
      apiKey =
        (await this.#readKey(this.#session, profile)) ??
        (await this.#readKey(this.#keychain, profile));
    }
    if (apiKey === null) return null;
    return new OffloadClient({
      ...this.#clientSettings,
      baseUrl: url,
      apiKey,
      logger: this.#logger,
    });
  }

  async #readKey(store: SecretStore, profile: string): Promise<string | null> {
    const key = await store.get(profile);
    if (key !== null) this.#log.redactor.addSecret(key);
    return key;
  }

  /** Whether the store has a key for the profile, and its check time. */
  async #read(
    store: SecretStore,
    profile: string,
  ): Promise<{ meta: KeyMeta } | null> {
    if ((await this.#readKey(store, profile)) === null) return null;
    return { meta: parseMeta(await store.get(metaAccount(profile))) };
  }

  async #write(
    store: SecretStore,
    profile: string,
    key: string,
    meta: string,
  ): Promise<void> {
    await store.set(profile, key);
    await store.set(metaAccount(profile), meta);
  }

  async #remove(store: SecretStore, profile: string): Promise<boolean> {
    const removed = await store.delete(profile);
    await store.delete(metaAccount(profile));
    return removed;
  }

  #readEnvKey(raw: string | undefined): string | null {
    if (raw === undefined || raw.trim() === '') return null;
    try {
      const key = normaliseApiKey(raw);
      this.#log.redactor.addSecret(key);
      return key;
    } catch (error) {
      this.#log.redactor.addSecret(raw.trim());
      this.#log.warn('OFFLOAD_API_KEY is ignored', {
        reason: (error as Error).message,
      });
      return null;
    }
  }

  #readEnvBaseUrl(raw: string | undefined): string | null {
    if (raw === undefined || raw.trim() === '') return null;
    try {
      return normaliseBaseUrl(raw);
    } catch (error) {
      this.#log.warn('OFFLOAD_BASE_URL is ignored', {
        reason: (error as Error).message,
      });
      return null;
    }
  }

  // Status is asked often; the state is logged when it changes, not each time.
  #noteKeychainDown(error: KeychainUnavailableError): void {
    if (this.#keychainDown) return;
    this.#keychainDown = true;
    this.#log.warn('the keychain is unavailable', {
      problem: error.problem,
      detail: error.detail,
    });
  }

  #noteKeychainUp(): void {
    if (!this.#keychainDown) return;
    this.#keychainDown = false;
    this.#log.info('the keychain is reachable again');
  }
}
