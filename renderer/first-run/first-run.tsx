import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { Settings } from '../../shared/settings.ts';
import { offload, unwrap } from '../api/offload.ts';
import { KeyResultNotice } from '../settings/key-result-notice.tsx';
import { TextField } from '../settings/text-field.tsx';
import { useKeySetter } from '../settings/use-key-setter.ts';
import { useSettings } from '../settings/use-settings.ts';
import {
  DEMO_PROFILE_ID,
  FIRST_PROFILE_ID,
  firstRunProfile,
  profileInUsePatch,
} from './first-run-profile.ts';
import '../settings/settings-screen.css';
import './first-run.css';

// The first thing a person sees without a key: where their Offload API
// lives, their key, and whether Offload accepted it, in words. When the
// demo simulator runs, one button sets up a demo profile instead.

const URL_HINT =
  'The Offload API host for your environment (whoever set up Offload ' +
  'for your company knows it), without a path.';
const KEY_HINT =
  'Sent once to Offload to check it; only whether it works is shown ' +
  'afterwards.';

export interface FirstRunProps {
  demo: { baseUrl: string } | null;
  onDone(): void;
}

/** The short set-up shown until a key is configured. */
export function FirstRun({ demo, onDone }: FirstRunProps) {
  const { settings, loadError, update } = useSettings();
  const [baseUrl, setBaseUrl] = useState<string | null>(null);
  const [key, setKey] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [profileId, setProfileId] = useState<string | null>(null);
  const [demoMessage, setDemoMessage] = useState<string | null>(null);
  const [demoBusy, setDemoBusy] = useState(false);
  const setter = useKeySetter();
  const doneButton = useRef<HTMLButtonElement>(null);
  const ids = { title: useId() };

  const profile = settings === null ? null : firstRunProfile(settings);
  const shownUrl = baseUrl ?? profile?.baseUrl ?? '';
  const saved = setter.result?.outcome === 'saved';

  useEffect(() => {
    if (saved) doneButton.current?.focus();
  }, [saved]);

  async function putProfile(
    current: Settings,
    id: string,
    name: string,
    url: string,
  ): Promise<boolean> {
    const { patch, index } = profileInUsePatch(current, {
      id,
      name,
      baseUrl: url,
    });
    const outcome = await update(patch);
    if (outcome.ok) return true;
    const problem =
      outcome.problems[`profiles.${index}.baseUrl`] ??
      outcome.problems[''] ??
      Object.values(outcome.problems)[0];
    setProblems({ baseUrl: problem ?? 'The base URL was refused.' });
    return false;
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (settings === null) return;
    setter.reset();
    const url = shownUrl.trim();
    const next: Record<string, string> = {};
    if (url === '') {
      next.baseUrl =
        'Enter the base URL of your Offload API host, e.g. ' +
        'https://api.example.com.';
    }
    if (key.trim() === '') next.key = 'Enter your Offload API key.';
    setProblems(next);
    if (Object.keys(next).length > 0) return;

    const id = profile?.id ?? FIRST_PROFILE_ID;
    const name = profile?.name ?? 'Default';
    if (!(await putProfile(settings, id, name, url))) return;
    setProfileId(id);
    const result = await setter.set(id, key);
    if (result?.outcome === 'saved') setKey('');
  }

  async function retry(options: {
    acceptUnverified?: true;
    sessionOnly?: true;
  }) {
    if (profileId === null) return;
    const result = await setter.set(profileId, key, options);
    if (result?.outcome === 'saved') setKey('');
  }

  async function tryDemo() {
    if (settings === null || demo === null) return;
    setDemoBusy(true);
    setDemoMessage(null);
    try {
      const ok = await putProfile(
        settings,
        DEMO_PROFILE_ID,
        'Demo',
        demo.baseUrl,
      );
      if (!ok) return;
      const status = await unwrap(offload().keys.status(DEMO_PROFILE_ID));
      if (status.configured) {
        onDone();
        return;
      }
      setDemoMessage(
        'The demo profile is in use, but the demo server gave no key. ' +
          'Enter the demo key in the form above.',
      );
    } catch (error) {
      setDemoMessage(
        `The demo could not be started: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    } finally {
      setDemoBusy(false);
    }
  }

  return (
    <section className="first-run" aria-labelledby={ids.title}>
      <div className="first-run-card">
        <h1 id={ids.title}>Set up Offload Console</h1>
        <p className="muted">
          Two things are needed: where your company's Offload API is, and your
          API key. The key is checked with Offload, then kept in the system
          keychain; it is never shown again.
        </p>

        {settings === null && loadError !== null && (
          <p className="notice notice-danger" role="alert">
            The settings could not be read: {loadError}
          </p>
        )}

        <form
          className="first-run-form"
          noValidate
          aria-label="Connect to Offload"
          onSubmit={(event) => void onSubmit(event)}
        >
          <TextField
            label="Base URL"
            type="url"
            value={shownUrl}
            placeholder="https://your-offload-api-host"
            onChange={setBaseUrl}
            problem={problems.baseUrl}
            hint={URL_HINT}
          />
          <TextField
            label="API key"
            type="password"
            value={key}
            onChange={setKey}
            problem={problems.key}
            hint={KEY_HINT}
          />
          <div className="field-actions">
            <button
              type="submit"
              className="button-primary"
              disabled={settings === null || setter.busy || saved}
            >
              Verify and save
            </button>
          </div>
        </form>

        <div aria-live="polite" className="first-run-result">
          <KeyResultNotice
            result={setter.result}
            error={setter.error}
            busy={setter.busy}
            onAcceptUnverified={() => void retry({ acceptUnverified: true })}
            onSessionOnly={() => void retry({ sessionOnly: true })}
          />
        </div>
        {saved && (
          <button
            ref={doneButton}
            type="button"
            className="button-primary"
            onClick={onDone}
          >
            Open the console
          </button>
        )}

        {demo !== null && (
          <div className="first-run-demo">
            <h2>Or try the demo</h2>
            <p className="muted">
              A demo Offload server runs on this computer at{' '}
              <span className="mono">{demo.baseUrl}</span>. It has sample cases
              and sends no e-mail to anyone.
            </p>
            <button
              type="button"
              disabled={settings === null || demoBusy}
              onClick={() => void tryDemo()}
            >
              Try the demo
            </button>
            <p aria-live="polite">{demoMessage}</p>
          </div>
        )}
      </div>
    </section>
  );
}
