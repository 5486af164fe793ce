import { useCallback, useEffect, useState } from 'react';
import type { Settings, SettingsPatch } from '../../shared/settings.ts';
import { OffloadCallError, offload, unwrap } from '../api/offload.ts';
import {
  patchProblems,
  problemsFromRefusal,
  type FieldProblems,
} from './settings-problems.ts';

// The settings as the main process holds them, kept current by its
// `settings` event, and a checked way to change them.

export type UpdateOutcome =
  { ok: true; settings: Settings } | { ok: false; problems: FieldProblems };

export interface SettingsState {
  settings: Settings | null;
  loadError: string | null;
  update(patch: SettingsPatch): Promise<UpdateOutcome>;
  reload(): void;
}

/** Loads the settings and offers `update`, which reports problems by field. */
export function useSettings(): SettingsState {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    unwrap(offload().settings.get()).then(
      (value) => {
        if (!live) return;
        setSettings(value);
        setLoadError(null);
      },
      (error: unknown) => {
        if (live) setLoadError(messageOf(error));
      },
    );
    const stop = offload().events.on('settings', (value) => {
      if (live) setSettings(value);
    });
    return () => {
      live = false;
      stop();
    };
  }, []);

  const update = useCallback(
    async (patch: SettingsPatch): Promise<UpdateOutcome> => {
      if (settings !== null) {
        const problems = patchProblems(settings, patch);
        if (Object.keys(problems).length > 0) return { ok: false, problems };
      }
      try {
        const next = await unwrap(offload().settings.update(patch));
        setSettings(next);
        return { ok: true, settings: next };
      } catch (error) {
        if (
          error instanceof OffloadCallError &&
          error.kind === 'invalid-settings'
        ) {
          return {
            ok: false,
            problems: problemsFromRefusal(error.field, error.message),
          };
        }
        return { ok: false, problems: { '': messageOf(error) } };
      }
    },
    [settings],
  );

  const reload = useCallback(() => {
    setLoadError(null);
    unwrap(offload().settings.get()).then(setSettings, (error: unknown) =>
      setLoadError(messageOf(error)),
    );
  }, []);

  return { settings, loadError, update, reload };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
