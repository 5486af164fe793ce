import { useCallback, useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { KeyStatus, SetKeyOptions } from '../../shared/key-status.ts';
import { offload, unwrap } from '../api/offload.ts';
import { KeyResultNotice } from './key-result-notice.tsx';
import { keySourceWords, keyVerifiedWords } from './key-words.ts';
import { useKeySetter } from './use-key-setter.ts';

// One profile's API key: what is known about it (never the key), and
// setting, replacing or removing it. The key typed here leaves the page
// only through keys.set and is cleared from the field once saved.

export interface KeySectionProps {
  profileId: string;
  profileName: string;
}

/** The API key of one profile, by status only. */
export function KeySection({ profileId, profileName }: KeySectionProps) {
  const [status, setStatus] = useState<KeyStatus | null>(null);
  // When the status was read: "verified 3 min ago" is relative to it.
  const [readAt, setReadAt] = useState(() => Date.now());
  const [statusError, setStatusError] = useState<string | null>(null);
  const [key, setKey] = useState('');
  const [sessionOnly, setSessionOnly] = useState(false);
  const [confirmingRemove, setConfirmingRemove] = useState(false);
  const [removeMessage, setRemoveMessage] = useState<string | null>(null);
  const setter = useKeySetter();
  const inputId = useId();
  const statusId = useId();

  const showStatus = useCallback((next: KeyStatus) => {
    setStatus(next);
    setReadAt(Date.now());
    setStatusError(null);
    if (next.keychain === 'unavailable') setSessionOnly(true);
  }, []);
  const showStatusError = useCallback((error: unknown) => {
    setStatusError(error instanceof Error ? error.message : String(error));
  }, []);

  useEffect(() => {
    unwrap(offload().keys.status(profileId)).then(showStatus, showStatusError);
  }, [profileId, showStatus, showStatusError]);

  async function loadStatus() {
    try {
      showStatus(await unwrap(offload().keys.status(profileId)));
    } catch (error) {
      showStatusError(error);
    }
  }

  async function save(options: SetKeyOptions) {
    setRemoveMessage(null);
    const result = await setter.set(profileId, key, options);
    if (result?.outcome === 'saved') setKey('');
    await loadStatus();
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (key.trim() === '') return;
    void save(sessionOnly ? { sessionOnly: true } : {});
  }

  async function remove() {
    setConfirmingRemove(false);
    setter.reset();
    try {
      const removed = await unwrap(offload().keys.remove(profileId));
      setRemoveMessage(
        removed ? 'The key was removed.' : 'There was no key to remove.',
      );
    } catch (error) {
      setRemoveMessage(
        `The key was not removed: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
    await loadStatus();
  }

  const configured = status?.configured ?? false;
  const fromEnvironment = status?.source === 'environment';

  return (
    <div className="key-section">
      <dl className="key-status" id={statusId}>
        <div>
          <dt>API key</dt>
          <dd>
            {status === null
              ? statusError === null
                ? 'Checking…'
                : `Unknown: ${statusError}`
              : configured
                ? 'Configured'
                : 'Not set'}
          </dd>
        </div>
        {status !== null && configured && (
          <>
            <div>
              <dt>Source</dt>
              <dd>{keySourceWords(status)}</dd>
            </div>
            <div>
              <dt>Verified</dt>
              <dd>{keyVerifiedWords(status, readAt)}</dd>
            </div>
          </>
        )}
      </dl>

      {status?.keychain === 'unavailable' && (
        <div className="notice notice-warning">
          <p>
            <strong>The system keychain is not available.</strong>
          </p>
          <p>
            A key cannot be stored safely on this computer right now, and the
            console never writes it to a file. You can use a key for this
            session only, or start the system keychain (on Linux, a Secret
            Service such as GNOME Keyring) and open settings again.
          </p>
        </div>
      )}

      {fromEnvironment ? (
        <p className="muted">
          This key comes from the environment; change it there.
        </p>
      ) : (
        <form className="key-form" onSubmit={onSubmit}>
          <label htmlFor={inputId}>
            {configured ? 'New API key' : 'API key'}
            <span className="visually-hidden"> for {profileName}</span>
          </label>
          <div className="field-row">
            <input
              id={inputId}
              type="password"
              autoComplete="off"
              spellCheck={false}
              value={key}
              onChange={(event) => setKey(event.target.value)}
              aria-describedby={statusId}
            />
            <button
              type="submit"
              className="button-primary"
              disabled={setter.busy || key.trim() === ''}
            >
              {configured ? 'Replace key' : 'Save key'}
            </button>
          </div>
          <label className="check">
            <input
              type="checkbox"
              checked={sessionOnly}
              onChange={(event) => setSessionOnly(event.target.checked)}
            />
            This session only (not saved in the keychain)
          </label>
        </form>
      )}

      <div aria-live="polite" className="key-live">
        <KeyResultNotice
          result={setter.result}
          error={setter.error}
          busy={setter.busy}
          onAcceptUnverified={() => void save({ acceptUnverified: true })}
          onSessionOnly={() => void save({ sessionOnly: true })}
        />
        {removeMessage !== null && <p>{removeMessage}</p>}
      </div>

      {configured && !fromEnvironment && (
        <div className="key-remove">
          {confirmingRemove ? (
            <>
              <span>
                Remove the key of {profileName}? Syncing stops until a key is
                set again.
              </span>
              <button
                type="button"
                className="button-danger"
                onClick={() => void remove()}
              >
                Remove key
              </button>
              <button type="button" onClick={() => setConfirmingRemove(false)}>
                Keep key
              </button>
            </>
          ) : (
            <button
              type="button"
              className="button-danger"
              onClick={() => setConfirmingRemove(true)}
            >
              Remove key…
            </button>
          )}
        </div>
      )}
    </div>
  );
}
