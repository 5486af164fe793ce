import { useCallback, useEffect, useState } from 'react';
import type { AppInfo } from '../../shared/ipc.ts';
import type { KeyStatus } from '../../shared/key-status.ts';
import type { Settings } from '../../shared/settings.ts';
import { offload, unwrap } from '../api/offload.ts';
import { FirstRun } from '../first-run/first-run.tsx';
import { ConsoleFrame } from './console-frame.tsx';
import { useTheme } from './theme.ts';

// The window's root: finds out whether a profile and key exist, shows the
// first-run set-up when not, and the console when they do. It also owns
// the theme, which follows the settings as they change.

type Start =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'ready'; info: AppInfo; key: KeyStatus | null };

export interface AppProps {
  /** Injected clock for relative times (tests pass a fixed one). */
  clock?: () => number;
}

/** The whole window. */
export function App({ clock }: AppProps) {
  const [start, setStart] = useState<Start>({ kind: 'loading' });
  const [settings, setSettings] = useState<Settings | null>(null);
  useTheme(settings?.theme ?? 'system');

  // Bumped by "Try again" and by changed settings: both read again.
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((count) => count + 1), []);
  // Once the set-up form shows, only its own "done" leaves it: the settings
  // event its profile change sends must not swap it away while the key is
  // still being checked, before its result could be read.
  const [inSetUp, setInSetUp] = useState(false);
  const finishSetUp = useCallback(() => {
    setInSetUp(false);
    retry();
  }, [retry]);

  useEffect(() => {
    let live = true;
    unwrap(offload().app.info())
      .then(async (info) => {
        const key = info.profile
          ? await unwrap(offload().keys.status(info.profile.id))
          : null;
        if (!live) return;
        setStart({ kind: 'ready', info, key });
        if (info.profile === null || !key?.configured) setInSetUp(true);
      })
      .catch((error: unknown) => {
        if (!live) return;
        setStart({
          kind: 'failed',
          message: error instanceof Error ? error.message : String(error),
        });
      });
    return () => {
      live = false;
    };
    // oxlint-disable-next-line react/exhaustive-effect-dependencies, react-hooks/exhaustive-deps -- the counter's only job is to re-run this read
  }, [attempt]);

  useEffect(() => {
    unwrap(offload().settings.get()).then(setSettings, () => {
      // Without settings the system theme applies; nothing else needs them.
    });
    // A changed profile or key may change which screen belongs here.
    return offload().events.on('settings', (next) => {
      setSettings(next);
      retry();
    });
  }, [retry]);

  if (start.kind === 'loading') {
    return (
      <main className="app-start" aria-label="Offload Console">
        <p className="muted" role="status">
          Starting…
        </p>
      </main>
    );
  }
  if (start.kind === 'failed') {
    return (
      <main className="app-start" aria-label="Offload Console">
        <div className="notice notice-danger" role="alert">
          <p>The console could not start: {start.message}</p>
          <button type="button" onClick={retry}>
            Try again
          </button>
        </div>
      </main>
    );
  }
  if (inSetUp || start.info.profile === null || !start.key?.configured) {
    return (
      <main className="app-start" aria-label="Set up Offload Console">
        <FirstRun demo={start.info.demo} onDone={finishSetUp} />
      </main>
    );
  }
  return <ConsoleFrame info={start.info} clock={clock} />;
}
