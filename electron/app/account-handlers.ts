import type { IpcHandlers } from '../../shared/ipc.ts';
import { downloadFolder } from '../core/app-paths.ts';
import type { AppContext } from './app-context.ts';
import { isSafeExternalUrl } from './url-guards.ts';

// Handlers for the app itself, API keys, settings and the sync engine's
// state. Keys go in and statuses come out; no handler returns a key.

export interface AccountHandlerOptions {
  context: AppContext;
  appInfo: { version: string; platform: string };
  demo: { baseUrl: string } | null;
}

/** Longest renderer stack kept in the log. */
const MAX_LOGGED_STACK = 10_000;

type AccountMethods =
  `app.${string}` | `keys.${string}` | `settings.${string}` | `sync.${string}`;

export function accountHandlers(
  options: AccountHandlerOptions,
): Pick<IpcHandlers, Extract<keyof IpcHandlers, AccountMethods>> {
  const { context } = options;
  const rendererLog = context.logger.child('renderer');

  return {
    'app.info': () => ({
      version: options.appInfo.version,
      platform: options.appInfo.platform,
      profile: context.activeProfile(),
      demo: options.demo,
    }),

    'app.openExternal': async (url) => {
      if (!isSafeExternalUrl(url)) {
        return {
          opened: false,
          message: 'Only secure web links (https://) can be opened.',
        };
      }
      try {
        await context.desktop.openExternal(url);
        return { opened: true };
      } catch (error) {
        context.logger.warn('could not open a link', { error });
        return { opened: false, message: 'The link could not be opened.' };
      }
    },

    'app.reportError': (report) => {
      rendererLog.error(
        report.message,
        report.stack === undefined
          ? {}
          : { stack: report.stack.slice(0, MAX_LOGGED_STACK) },
      );
      return null;
    },

    'keys.status': (profileId) => context.keys.status(profileId),

    'keys.set': async (profileId, key, setOptions) => {
      const profile = context.profile(profileId);
      const result = await context.keys.setKey(
        profileId,
        profile.baseUrl,
        key,
        setOptions ?? {},
      );
      if (result.outcome === 'saved') context.keyChanged(profileId);
      return result;
    },

    'keys.remove': async (profileId) => {
      try {
        return await context.keys.removeKey(profileId);
      } finally {
        // Even a keychain failure cleared the key kept for this run.
        context.keyChanged(profileId);
      }
    },

    'settings.get': () => context.settings.get(),

    'settings.update': async (patch) => {
      context.settings.update(patch);
      // A new active profile is open before the window asks for its cases.
      await context.settled();
      return context.settings.get();
    },

    'settings.chooseDownloadFolder': async () => {
      const current = context.settings.get().downloadFolder;
      const path = await context.desktop.chooseFolder(downloadFolder(current));
      if (path === null) return { path: null };
      context.settings.update({ downloadFolder: path });
      return { path };
    },

    'sync.state': async () => (await context.runtime()).engine.state(),

    'sync.refreshAll': async () => (await context.runtime()).engine.refresh(),

    'sync.resume': async () => {
      (await context.runtime()).engine.resume();
      return null;
    },
  };
}
