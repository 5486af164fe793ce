import type { IpcEventName, IpcEvents } from '../../shared/ipc.ts';
import type { WatchedCase } from '../../shared/case-data.ts';
import type { Profile, Settings } from '../../shared/settings.ts';
import type { SyncEvent } from '../../shared/sync-data.ts';
import type { ApiKeyManager } from '../core/credentials/api-key-manager.ts';
import type { Logger } from '../core/logger.ts';
import type { OffloadClient } from '../core/offload-client.ts';
import type { SettingsStore } from '../core/settings/settings-store.ts';
import { AppError } from './app-error.ts';
import type { Desktop } from './desktop.ts';
import { noticeFor } from './notification-policy.ts';
import { openProfileRuntime } from './profile-runtime.ts';
import type { ProfileRuntime, RuntimeTuning } from './profile-runtime.ts';
import { waitingForInputCount } from './waiting-count.ts';

// The app layer's state, shared by the handlers: the settings, the keys,
// the runtime of the active profile (swapped when the active profile or
// its base URL changes), the events for the window, notifications and the
// badge. Handlers ask for the runtime with runtime(), which waits for a
// swap under way and says 'no-profile' before the first profile exists.

export type EventListener = <E extends IpcEventName>(
  name: E,
  payload: IpcEvents[E],
) => void;

export interface AppContextOptions {
  dataDir: string;
  settings: SettingsStore;
  keys: ApiKeyManager;
  desktop: Desktop;
  logger: Logger;
  now: () => number;
  who: string;
  tuning: RuntimeTuning;
}

/** Entries removed from the watch list, kept for undo this many at most. */
const MAX_REMEMBERED_REMOVALS = 10_000;

function sameTarget(a: Profile | null, b: Profile | null): boolean {
  if (a === null || b === null) return a === b;
  return a.id === b.id && a.baseUrl === b.baseUrl;
}

/** See the module comment. */
export class AppContext {
  readonly settings: SettingsStore;
  readonly keys: ApiKeyManager;
  readonly desktop: Desktop;
  readonly logger: Logger;
  readonly now: () => number;
  readonly #options: AppContextOptions;
  readonly #log: Logger;
  readonly #listeners = new Set<EventListener>();
  readonly #clients = new Map<string, Promise<OffloadClient | null>>();
  readonly #removed = new Map<string, WatchedCase>();
  readonly #stopSettings: () => void;
  #runtime: ProfileRuntime | null = null;
  /** Why the active profile's store could not be opened, if it could not. */
  #openError: string | null = null;
  #switching: Promise<void> = Promise.resolve();
  #closed = false;
  #badge: number | null = null;
  #badgeTimer: ReturnType<typeof setImmediate> | undefined;
  /** The case whose first snapshot the engine is announcing. */
  #firstSeen: string | null = null;

  constructor(options: AppContextOptions) {
    this.#options = options;
    this.settings = options.settings;
    this.keys = options.keys;
    this.desktop = options.desktop;
    this.logger = options.logger;
    this.now = options.now;
    this.#log = options.logger.child('app');
    this.#stopSettings = this.settings.onChange((next, previous) =>
      this.#settingsChanged(next, previous),
    );
    this.#reconcile();
    // The badge starts from the truth, even with no profile to open.
    this.watchChanged();
  }

  // ----------------------------------------------------------- profiles

  /** The active profile, or null before the first one is set up. */
  activeProfile(): Profile | null {
    const settings = this.settings.get();
    return (
      settings.profiles.find(
        (profile) => profile.id === settings.activeProfileId,
      ) ?? null
    );
  }

  /** A profile by id; AppError 'unknown-profile' when there is none. */
  profile(profileId: string): Profile {
    const found = this.settings
      .get()
      .profiles.find((profile) => profile.id === profileId);
    if (!found) {
      throw new AppError(
        'unknown-profile',
        `There is no profile "${profileId}". Add it in Settings first.`,
      );
    }
    return found;
  }

  /** The runtime of the active profile, once any swap has finished. */
  async runtime(): Promise<ProfileRuntime> {
    await this.#switching;
    if (this.#closed) {
      throw new AppError('closed', 'The console is quitting.');
    }
    if (this.#runtime) return this.#runtime;
    if (this.#openError !== null) {
      throw new AppError('profile-unavailable', this.#openError);
    }
    throw new AppError(
      'no-profile',
      'No Offload profile is set up yet. Add one in Settings, with the ' +
        "API's base URL, then its API key.",
    );
  }

  /** The runtime now, without waiting (deep links, the badge). */
  currentRuntime(): ProfileRuntime | null {
    return this.#runtime;
  }

  /** Resolves once a profile swap under way has finished. */
  settled(): Promise<void> {
    return this.#switching;
  }

  // --------------------------------------------------------------- keys

  /** The client for a profile's key, built once per key and base URL. */
  clientFor(profile: Profile): Promise<OffloadClient | null> {
    const cacheKey = `${profile.id}\n${profile.baseUrl}`;
    let client = this.#clients.get(cacheKey);
    if (!client) {
      client = this.keys.clientFor(profile.id, profile.baseUrl);
      this.#clients.set(cacheKey, client);
      // A keychain that failed may work next time: do not keep the failure.
      client.catch(() => {
        if (this.#clients.get(cacheKey) === client) {
          this.#clients.delete(cacheKey);
        }
      });
    }
    return client;
  }

  /** A key was saved or removed: rebuild its client, poll again. */
  keyChanged(profileId: string): void {
    for (const cacheKey of this.#clients.keys()) {
      if (cacheKey.startsWith(`${profileId}\n`)) this.#clients.delete(cacheKey);
    }
    if (this.#runtime?.profile.id === profileId) this.#runtime.engine.resume();
  }

  // ------------------------------------------------------- watch undo

  /** Keeps removed entries so watch.restore can put them back as they were. */
  rememberRemoved(entries: readonly WatchedCase[]): void {
    for (const entry of entries) {
      this.#removed.delete(entry.caseId);
      this.#removed.set(entry.caseId, entry);
    }
    for (const caseId of this.#removed.keys()) {
      if (this.#removed.size <= MAX_REMEMBERED_REMOVALS) break;
      this.#removed.delete(caseId);
    }
  }

  /** The entry as it was before it was removed, if remembered. */
  takeRemoved(caseId: string): WatchedCase | undefined {
    const entry = this.#removed.get(caseId);
    this.#removed.delete(caseId);
    return entry;
  }

  // ------------------------------------------------------------- events

  onEvent(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  emit<E extends IpcEventName>(name: E, payload: IpcEvents[E]): void {
    for (const listener of this.#listeners) {
      try {
        listener(name, payload);
      } catch (error) {
        this.#log.error('an event listener failed', { event: name, error });
      }
    }
  }

  /** Recounts the cases waiting for input (once per turn of the loop). */
  watchChanged(): void {
    if (this.#badgeTimer !== undefined || this.#closed) return;
    this.#badgeTimer = setImmediate(() => {
      this.#badgeTimer = undefined;
      this.#updateBadge();
    });
  }

  #updateBadge(): void {
    let count = 0;
    try {
      const runtime = this.#runtime;
      count = runtime ? waitingForInputCount(runtime.store) : 0;
    } catch (error) {
      // The store closed under us during a swap; the next change recounts.
      this.#log.debug('could not count the cases waiting', { error });
      return;
    }
    if (count === this.#badge) return;
    this.#badge = count;
    this.desktop.setBadgeCount(count);
  }

  #onSync(event: SyncEvent): void {
    this.emit('sync', event);
    if (event.type === 'case-changed') {
      this.#firstSeen = event.previous === undefined ? event.caseId : null;
      const before = event.previous;
      if (
        !before ||
        before.status !== event.view.status ||
        before.inputRequest?.status !== event.view.inputRequest?.status ||
        before.inputRequest?.id !== event.view.inputRequest?.id
      ) {
        this.watchChanged();
      }
    } else if (event.type === 'case-flagged') {
      this.watchChanged();
    }
    if ('caseId' in event) {
      const notice = noticeFor(event, this.settings.get(), {
        firstSeen: this.#firstSeen === event.caseId,
      });
      if (notice) this.#notify(notice);
    }
  }

  #notify(notice: Parameters<Desktop['notify']>[0]): void {
    try {
      this.desktop.notify(notice);
    } catch (error) {
      this.#log.warn('could not show a notification', { error });
    }
  }

  // ------------------------------------------------------------- swaps

  #settingsChanged(next: Settings, previous: Settings): void {
    this.emit('settings', next);
    const runtime = this.#runtime;
    if (runtime) {
      if (
        next.pollIntervalSeconds !== previous.pollIntervalSeconds ||
        next.concurrency !== previous.concurrency
      ) {
        runtime.engine.setSettings({
          pollIntervalSeconds: next.pollIntervalSeconds,
          concurrency: next.concurrency,
        });
      }
      if (next.requestBudgetPerSecond !== previous.requestBudgetPerSecond) {
        runtime.budget.setRate(next.requestBudgetPerSecond);
      }
    }
    this.#reconcile();
  }

  /** Brings the runtime in line with the active profile, in order. */
  #reconcile(): void {
    this.#switching = this.#switching.then(() => this.#swapIfNeeded());
  }

  async #swapIfNeeded(): Promise<void> {
    if (this.#closed) return;
    const wanted = this.activeProfile();
    const current = this.#runtime?.profile ?? null;
    if (sameTarget(wanted, current)) return;

    const old = this.#runtime;
    this.#runtime = null;
    this.#openError = null;
    if (old) {
      try {
        await old.close();
      } catch (error) {
        this.#log.error('closing the previous profile failed', { error });
      }
    }
    if (wanted && !this.#closed) {
      try {
        this.#runtime = openProfileRuntime({
          dataDir: this.#options.dataDir,
          profile: wanted,
          settings: this.settings,
          getClient: () => this.clientFor(wanted),
          who: this.#options.who,
          logger: this.logger,
          now: this.now,
          tuning: this.#options.tuning,
          onSync: (event) => this.#onSync(event),
          onDownload: (event) => this.emit('download', event),
        });
        this.#log.info('opened the profile', { profile: wanted.id });
      } catch (error) {
        this.#openError =
          `The case store of profile "${wanted.id}" could not be opened: ` +
          `${error instanceof Error ? error.message : String(error)}`;
        this.#log.error('could not open the profile', {
          profile: wanted.id,
          error,
        });
      }
    }
    this.watchChanged();
  }

  /** Stops the runtime and everything else; safe to call twice. */
  async close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#stopSettings();
      clearImmediate(this.#badgeTimer);
      this.#badgeTimer = undefined;
    }
    await this.#switching;
    const runtime = this.#runtime;
    this.#runtime = null;
    await runtime?.close();
  }
}
