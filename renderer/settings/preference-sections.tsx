import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { THEMES } from '../../shared/settings.ts';
import type {
  NotificationSettings,
  Settings,
  SettingsPatch,
  Theme,
} from '../../shared/settings.ts';
import { offload, unwrap } from '../api/offload.ts';
import { FieldError } from './field-error.tsx';
import type { FieldProblems } from './settings-problems.ts';
import type { UpdateOutcome } from './use-settings.ts';

// The settings that are one value each: how often to poll, where files
// go, what to notify about, and the theme. Toggles save at once; the one
// typed number saves on submit so half-typed values are never applied.

export interface PreferenceSectionProps {
  settings: Settings;
  update(patch: SettingsPatch): Promise<UpdateOutcome>;
}

/** Applies a patch and shows its problems beside the fields they name. */
function useFieldUpdate(
  update: (patch: SettingsPatch) => Promise<UpdateOutcome>,
) {
  const [problems, setProblems] = useState<FieldProblems>({});
  async function apply(patch: SettingsPatch): Promise<boolean> {
    const outcome = await update(patch);
    setProblems(outcome.ok ? {} : outcome.problems);
    return outcome.ok;
  }
  return { problems, apply };
}

/** Poll interval. */
export function SyncSection({ settings, update }: PreferenceSectionProps) {
  const [value, setValue] = useState(String(settings.pollIntervalSeconds));
  const [saved, setSaved] = useState(false);
  const { problems, apply } = useFieldUpdate(update);
  const inputId = useId();
  const errorId = useId();
  const hintId = useId();
  const problem = problems.pollIntervalSeconds ?? problems[''];

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const seconds = value.trim() === '' ? Number.NaN : Number(value);
    setSaved(await apply({ pollIntervalSeconds: seconds }));
  }

  return (
    <section className="settings-section" aria-labelledby="settings-sync">
      <h2 id="settings-sync">Syncing</h2>
      <form
        className="field"
        noValidate
        onSubmit={(event) => void onSubmit(event)}
      >
        <label htmlFor={inputId}>Poll interval (seconds)</label>
        <div className="field-row">
          <input
            id={inputId}
            type="number"
            inputMode="numeric"
            min={10}
            max={3600}
            step={1}
            value={value}
            onChange={(event) => {
              setValue(event.target.value);
              setSaved(false);
            }}
            aria-invalid={problem !== undefined}
            aria-describedby={problem ? `${errorId} ${hintId}` : hintId}
          />
          <button type="submit">Save interval</button>
          <span aria-live="polite" className="muted">
            {saved ? 'Saved.' : ''}
          </span>
        </div>
        <p id={hintId} className="muted">
          How often a running case is read: 10 to 3600 seconds. Cases that need
          input are read more often, finished ones less.
        </p>
        <FieldError id={errorId} message={problem} />
      </form>
    </section>
  );
}

/** Download folder, a folder per case, and downloading on completion. */
export function DownloadsSection({ settings, update }: PreferenceSectionProps) {
  const { problems, apply } = useFieldUpdate(update);
  const [chooseError, setChooseError] = useState<string | null>(null);
  const folderId = useId();
  const errorId = useId();
  const folderProblem = problems.downloadFolder ?? chooseError ?? undefined;
  const otherProblem =
    problems[''] ??
    problems.downloadFolderPerCase ??
    problems.autoDownloadOnCompletion;

  async function choose() {
    setChooseError(null);
    try {
      const chosen = await unwrap(offload().settings.chooseDownloadFolder());
      if (chosen.path !== null) await apply({ downloadFolder: chosen.path });
    } catch (error) {
      setChooseError(error instanceof Error ? error.message : String(error));
    }
  }

  return (
    <section className="settings-section" aria-labelledby="settings-downloads">
      <h2 id="settings-downloads">Downloads</h2>
      <div className="field">
        <span className="field-label" id={folderId}>
          Download folder
        </span>
        <div className="field-row">
          <output
            className="folder-path mono"
            aria-labelledby={folderId}
            aria-describedby={folderProblem ? errorId : undefined}
          >
            {settings.downloadFolder ?? 'The system Downloads folder'}
          </output>
          <button type="button" onClick={() => void choose()}>
            Choose folder…
          </button>
          {settings.downloadFolder !== null && (
            <button
              type="button"
              className="button-quiet"
              onClick={() => void apply({ downloadFolder: null })}
            >
              Use the system Downloads folder
            </button>
          )}
        </div>
        <FieldError id={errorId} message={folderProblem} />
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={settings.downloadFolderPerCase}
          onChange={(event) =>
            void apply({ downloadFolderPerCase: event.target.checked })
          }
        />
        Put each case's files in a folder of its own
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={settings.autoDownloadOnCompletion}
          onChange={(event) =>
            void apply({ autoDownloadOnCompletion: event.target.checked })
          }
        />
        Download a case's attachments when it completes
      </label>
      {otherProblem !== undefined && (
        <p className="field-error" role="alert">
          {otherProblem}
        </p>
      )}
    </section>
  );
}

const NOTIFICATION_LABELS: Record<keyof NotificationSettings, string> = {
  inputNeeded: 'A case needs input',
  completed: 'A case completes',
  failed: 'A case fails',
};

/** The three notification toggles. */
export function NotificationsSection({
  settings,
  update,
}: PreferenceSectionProps) {
  const { problems, apply } = useFieldUpdate(update);
  const keys = Object.keys(
    NOTIFICATION_LABELS,
  ) as (keyof NotificationSettings)[];
  const problem =
    problems[''] ??
    keys.map((key) => problems[`notifications.${key}`]).find(Boolean);
  return (
    <section
      className="settings-section"
      aria-labelledby="settings-notifications"
    >
      <h2 id="settings-notifications">Notifications</h2>
      <fieldset className="check-group">
        <legend>Notify me when</legend>
        {keys.map((key) => (
          <label className="check" key={key}>
            <input
              type="checkbox"
              checked={settings.notifications[key]}
              onChange={(event) =>
                void apply({ notifications: { [key]: event.target.checked } })
              }
            />
            {NOTIFICATION_LABELS[key]}
          </label>
        ))}
      </fieldset>
      {problem !== undefined && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}

const THEME_LABELS: Record<Theme, string> = {
  light: 'Light',
  dark: 'Dark',
  system: 'Same as the system',
};

/** Light, dark or the system's choice. */
export function AppearanceSection({
  settings,
  update,
}: PreferenceSectionProps) {
  const { problems, apply } = useFieldUpdate(update);
  const name = useId();
  const problem = problems.theme ?? problems[''];
  return (
    <section className="settings-section" aria-labelledby="settings-theme">
      <h2 id="settings-theme">Appearance</h2>
      <fieldset className="check-group">
        <legend>Theme</legend>
        {THEMES.map((theme) => (
          <label className="check" key={theme}>
            <input
              type="radio"
              name={name}
              value={theme}
              checked={settings.theme === theme}
              onChange={() => void apply({ theme })}
            />
            {THEME_LABELS[theme]}
          </label>
        ))}
      </fieldset>
      {problem !== undefined && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
