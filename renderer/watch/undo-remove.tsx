import { useState } from 'react';
import type { WatchEntry, WatchedCase } from '../../shared/case-data.ts';
import { offload, unwrap } from '../api/offload.ts';
import './watch.css';

// After cases are removed from the watch list: one line saying so and an
// Undo that puts them back with their labels and references. It stays
// until dismissed, so nobody has to be quick to undo.

export interface UndoRemoveToastProps {
  removed: WatchedCase[];
  onUndone(): void;
  onDismiss(): void;
}

/** The watch entry of a removed case, as watch.restore takes it. */
function entryOf(watched: WatchedCase): WatchEntry {
  return {
    caseId: watched.caseId,
    ...(watched.label === undefined ? {} : { label: watched.label }),
    ...(watched.clientReferenceId === undefined
      ? {}
      : { clientReferenceId: watched.clientReferenceId }),
  };
}

/** What was removed, in words: one case by name, several by count. */
export function removedWords(removed: readonly WatchedCase[]): string {
  const [only] = removed;
  if (removed.length === 1 && only) {
    return `Removed ${only.label ?? only.clientReferenceId ?? only.caseId}`;
  }
  return `Removed ${removed.length} cases`;
}

/** "Removed N cases · Undo". */
export function UndoRemoveToast({
  removed,
  onUndone,
  onDismiss,
}: UndoRemoveToastProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function undo() {
    if (removed.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      await unwrap(offload().watch.restore(removed.map(entryOf)));
      onUndone();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="undo-toast" role="status">
      <span className="undo-toast-text">{removedWords(removed)}</span>
      <button
        type="button"
        className="button-small"
        disabled={busy}
        onClick={() => void undo()}
      >
        Undo
      </button>
      <button
        type="button"
        className="button-quiet button-small"
        aria-label="Dismiss"
        onClick={onDismiss}
      >
        ×
      </button>
      {error !== null && (
        <p className="undo-toast-error">The cases were not restored: {error}</p>
      )}
    </div>
  );
}
