import type { SetKeyResult } from '../../shared/key-status.ts';
import { setKeyResultWords } from './key-words.ts';

// The outcome of setting a key, in words, with the one follow-up the
// outcome allows. Rendered inside a live region by its callers.

export interface KeyResultNoticeProps {
  result: SetKeyResult | null;
  error: string | null;
  busy: boolean;
  onAcceptUnverified(): void;
  onSessionOnly(): void;
}

/** What became of the key just entered, and what can be done next. */
export function KeyResultNotice({
  result,
  error,
  busy,
  onAcceptUnverified,
  onSessionOnly,
}: KeyResultNoticeProps) {
  if (busy) return <p className="muted">Checking the key with Offload…</p>;
  if (error !== null) {
    return (
      <div className="notice notice-danger">
        <p>The key was not saved.</p>
        <p>{error}</p>
      </div>
    );
  }
  if (result === null) return null;
  const words = setKeyResultWords(result);
  return (
    <div className={`notice notice-${words.tone} key-result`}>
      <p>
        <strong>{words.headline}</strong>
      </p>
      {words.detail && <p>{words.detail}</p>}
      {words.offer === 'accept-unverified' && (
        <p className="key-result-offer">
          <button type="button" onClick={onAcceptUnverified}>
            Keep it unverified
          </button>
          <span className="muted">
            It is saved now and checked when Offload can be reached.
          </span>
        </p>
      )}
      {words.offer === 'session-only' && (
        <p className="key-result-offer">
          <button type="button" onClick={onSessionOnly}>
            Use it for this session only
          </button>
          <span className="muted">
            The key stays in memory until the console quits; it is never written
            to disk.
          </span>
        </p>
      )}
    </div>
  );
}
