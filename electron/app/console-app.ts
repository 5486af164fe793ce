import { userInfo } from 'node:os';
import type { IpcEventName, IpcEvents, IpcHandlers } from '../../shared/ipc.ts';
import { DEFAULT_BACKOFF } from '../core/backoff.ts';
import { ApiKeyManager } from '../core/credentials/api-key-manager.ts';
import type { SecretStore } from '../core/credentials/secret-store.ts';
import type { Logger } from '../core/logger.ts';
import { openSettings } from '../core/settings/settings-store.ts';
import type { SettingsBackend } from '../core/settings/settings-store.ts';
import type { SettingsStore } from '../core/settings/settings-store.ts';
import { accountHandlers } from './account-handlers.ts';
import { AppContext } from './app-context.ts';
import { caseHandlers } from './case-handlers.ts';
import { parseDeepLink } from './deep-link.ts';
import type { Desktop } from './desktop.ts';
import { fileHandlers } from './file-handlers.ts';

// The console without its windows: settings, keys, the active profile's
// runtime, and the one table of IPC handlers that Electron's main process
// and the end-to-end harness both bind behind the gate (ipc-gate.ts).
// Nothing here imports electron; the OS is reached through Desktop.

export interface ConsoleAppOptions {
  /** settings.json here; each profile's store in profileDir(dataDir, id). */
  dataDir: string;
  /** keytar in the app; the real keychain in tests too. */
  secretStore: SecretStore;
  desktop: Desktop;
  logger: Logger;
  appInfo: { version: string; platform: string };
  /**
   * `npm run demo`: a simulator this run may use; its key is set for the
   * demo profile.
   */
  demo?: {
    baseUrl: string;
    apiKey: string;
    /** Cases the demo simulator seeded, watched in the demo profile. */
    caseIds?: readonly string[];
  } | null;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
  who?: string;
  /** The settings file's store: electron-store in the app, else conf. */
  settingsBackend?: SettingsBackend;
  /** Test knobs (poll tick, retry delays), optional. */
  tuning?: { pollTickMs?: number; downloadRetryBaseMs?: number };
}

export interface ConsoleApp {
  /** From shared/ipc.ts: the one table main.ts and the harness bind. */
  readonly handlers: IpcHandlers;
  onEvent(
    listener: <E extends IpcEventName>(name: E, payload: IpcEvents[E]) => void,
  ): () => void;
  /**
   * offload-console://case/<id>: emits 'open-case' (watched or not);
   * false if not a case link.
   */
  openDeepLink(url: string): boolean;
  /** Stops polling, finishes or cancels downloads cleanly, closes the store. */
  quit(): Promise<void>;
}

/** The id of the throw-away profile `npm run demo` uses. */
export const DEMO_PROFILE_ID = 'demo';

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers): the audit still needs a name.
    return 'unknown';
  }
}

/**
 * Demo: a profile pointed at the simulator, made active when there is no
 * other, with the simulator's key kept for this run only (never the
 * keychain, never a file). The simulator's port changes every run, so an
 * existing demo profile gets the new base URL.
 */
async function setUpDemo(
  settings: SettingsStore,
  keys: ApiKeyManager,
  demo: { baseUrl: string; apiKey: string },
  log: Logger,
): Promise<void> {
  const current = settings.get();
  const existing = current.profiles.find((p) => p.id === DEMO_PROFILE_ID);
  if (!existing && current.profiles.length === 0) {
    settings.update({
      profiles: [
        {
          id: DEMO_PROFILE_ID,
          name: 'Demo (simulator)',
          baseUrl: demo.baseUrl,
        },
      ],
      activeProfileId: DEMO_PROFILE_ID,
    });
  } else if (existing && existing.baseUrl !== demo.baseUrl) {
    settings.update({
      profiles: current.profiles.map((profile) =>
        profile.id === DEMO_PROFILE_ID
          ? { ...profile, baseUrl: demo.baseUrl }
          : profile,
      ),
    });
  } else if (!existing) {
    // The key is still kept for the run, so "Try the demo" in the window
    // can add the profile and use it at once.
    log.info('demo: other profiles exist, so no demo profile was added');
  }
  const result = await keys.setKey(DEMO_PROFILE_ID, demo.baseUrl, demo.apiKey, {
    sessionOnly: true,
    acceptUnverified: true,
  });
  if (result.outcome !== 'saved') {
    log.warn('demo: the simulator refused its own key', {
      outcome: result.outcome,
    });
  }
}

/** Opens the console's core for one data directory. */
export async function openConsoleApp(
  options: ConsoleAppOptions,
): Promise<ConsoleApp> {
  const logger = options.logger;
  const log = logger.child('app');
  const opened = openSettings({
    cwd: options.dataDir,
    logger,
    ...(options.settingsBackend
      ? { createStore: options.settingsBackend }
      : {}),
  });
  if (opened.recovered) {
    log.warn('the settings file was damaged; defaults are in use', {
      movedTo: opened.recovered.movedTo,
    });
  }
  const settings = opened.settings;
  const keys = new ApiKeyManager({
    secretStore: options.secretStore,
    env: options.env ?? process.env,
    logger,
    ...(options.now ? { now: options.now } : {}),
    // The poll engine backs off per case and pauses the shared budget on
    // 429; retries inside the client would only delay that (as the CLI).
    clientSettings: { backoff: { ...DEFAULT_BACKOFF, maxAttempts: 1 } },
  });
  const demo = options.demo ?? null;
  if (demo) {
    // Registered before anything can log it.
    logger.redactor.addSecret(demo.apiKey);
    await setUpDemo(settings, keys, demo, log);
  }

  const context = new AppContext({
    dataDir: options.dataDir,
    settings,
    keys,
    desktop: options.desktop,
    logger,
    now: options.now ?? Date.now,
    who: options.who ?? osUser(),
    tuning: options.tuning ?? {},
  });
  const handlers: IpcHandlers = {
    ...accountHandlers({
      context,
      appInfo: options.appInfo,
      demo: demo ? { baseUrl: demo.baseUrl } : null,
    }),
    ...caseHandlers(context),
    ...fileHandlers(context),
  };
  await context.settled();
  if (
    demo?.caseIds?.length &&
    settings.get().activeProfileId === DEMO_PROFILE_ID
  ) {
    // The demo opens on cases to look at rather than an empty list.
    try {
      await handlers['watch.add']({
        text: demo.caseIds.join('\n'),
        source: 'paste',
      });
    } catch (error) {
      log.warn('demo: the seeded cases could not be watched', { error });
    }
  }

  let quitting: Promise<void> | undefined;
  return {
    handlers,
    onEvent: (listener) => context.onEvent(listener),
    openDeepLink(url) {
      const link = parseDeepLink(url);
      if (!link) {
        log.warn('ignored a link that is not a case link');
        return false;
      }
      let watched = false;
      try {
        watched =
          context.currentRuntime()?.store.watchedCase(link.caseId) !==
          undefined;
      } catch (error) {
        log.debug('could not look the linked case up', { error });
      }
      context.emit('open-case', { caseId: link.caseId, watched });
      return true;
    },
    quit() {
      quitting ??= context.close().then(() => log.info('quit cleanly'));
      return quitting;
    },
  };
}
