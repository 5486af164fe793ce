import { useDeferredValue, useMemo, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { Opened, SavedFile } from '../../shared/ipc.ts';
import type { TranscriptRecord } from '../../shared/case-data.ts';
import { localTime } from '../format/local-time.ts';
import { findMatches } from './transcript-find.ts';
import { transcriptLayout } from './transcript-blocks.ts';
import { TranscriptBlocksView } from './transcript-blocks-view.tsx';
import { LinkConfirm } from './link-confirm.tsx';
import './transcript.css';

/** Where the transcript of the open case stands. */
export type TranscriptState =
  | { kind: 'not-fetched' }
  | { kind: 'loading'; saved: TranscriptRecord | null }
  | { kind: 'failed'; message: string; saved: TranscriptRecord | null }
  | { kind: 'saved'; record: TranscriptRecord };

export interface TranscriptViewProps {
  state: TranscriptState;
  /** The engine is offline: a saved copy is labelled as such. */
  offline: boolean;
  counterpartyAddress: string;
  /** Fills the find box when the view opens (from a search hit). */
  initialQuery?: string;
  onRefresh: () => void;
  onExport: () => Promise<SavedFile>;
  onOpenLink: (url: string) => Promise<Opened>;
}

function savedOf(state: TranscriptState): TranscriptRecord | null {
  if (state.kind === 'saved') return state.record;
  if (state.kind === 'not-fetched') return null;
  return state.saved;
}

function Messages(props: {
  record: TranscriptRecord & { text: string };
  counterpartyAddress: string;
  initialQuery: string;
  onOpenLink: (url: string) => void;
  onStatus: (words: string) => void;
}) {
  const { record, counterpartyAddress, onOpenLink, onStatus } = props;
  const [query, setQuery] = useState(props.initialQuery);
  const [current, setCurrent] = useState(0);
  // Typing stays responsive in a 5 MB transcript: the search runs on the
  // deferred query, after the keystroke has been painted.
  const deferredQuery = useDeferredValue(query);
  const layout = useMemo(
    () => transcriptLayout(record.text, counterpartyAddress),
    [record.text, counterpartyAddress],
  );
  const found = useMemo(
    () =>
      findMatches(
        layout.blocks.map((block) => block.text),
        deferredQuery,
      ),
    [layout, deferredQuery],
  );
  const count = found.matches.length;
  const shown = count === 0 ? -1 : Math.min(current, count - 1);

  function step(by: number) {
    if (count === 0) return;
    setCurrent((shown + by + count) % count);
  }

  function onFindKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') {
      event.preventDefault();
      step(event.shiftKey ? -1 : 1);
    } else if (event.key === 'Escape') {
      setQuery('');
    }
  }

  async function copy() {
    try {
      await navigator.clipboard.writeText(record.text);
      onStatus('Transcript copied');
    } catch {
      onStatus('Could not copy the transcript');
    }
  }

  let countWords = '';
  if (deferredQuery.trim() !== '') {
    countWords =
      count === 0
        ? 'No matches'
        : `${shown + 1} of ${count}${found.truncated ? '+' : ''}`;
  }

  return (
    <>
      <div className="transcript-find" role="search">
        <label className="visually-hidden" htmlFor="transcript-find-input">
          Find in transcript
        </label>
        <input
          id="transcript-find-input"
          type="search"
          placeholder="Find in transcript"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setCurrent(0);
          }}
          onKeyDown={onFindKey}
        />
        <span className="muted transcript-find-count" aria-live="polite">
          {countWords}
        </span>
        <button
          type="button"
          className="button-small"
          onClick={() => step(-1)}
          disabled={count === 0}
          aria-label="Previous match"
        >
          Previous
        </button>
        <button
          type="button"
          className="button-small"
          onClick={() => step(1)}
          disabled={count === 0}
          aria-label="Next match"
        >
          Next
        </button>
        <button type="button" className="button-small" onClick={copy}>
          Copy transcript
        </button>
      </div>
      {!layout.parsed && (
        <p className="notice notice-warning">
          The transcript could not be split into messages ({layout.reason}), so
          it is shown exactly as Offload sent it.
        </p>
      )}
      <TranscriptBlocksView
        blocks={layout.blocks}
        matches={found.matches}
        current={shown}
        onOpenLink={onOpenLink}
      />
    </>
  );
}

/** The transcript section of a case: every state, find, copy, export. */
export function TranscriptView(props: TranscriptViewProps) {
  const { state, offline, counterpartyAddress, onRefresh, onExport } = props;
  const [status, setStatus] = useState('');
  const [pendingLink, setPendingLink] = useState<string | null>(null);
  const saved = savedOf(state);

  async function exportFile() {
    const result = await onExport();
    setStatus(result.path ? `Saved to ${result.path}` : 'Export cancelled');
  }

  async function openLink(url: string) {
    setPendingLink(null);
    const result = await props.onOpenLink(url);
    setStatus(
      result.opened
        ? 'Link opened in your browser'
        : `The link was not opened${result.message ? `: ${result.message}` : ''}`,
    );
  }

  return (
    <section className="transcript" aria-labelledby="transcript-heading">
      <div className="transcript-bar">
        <h3 id="transcript-heading">Transcript</h3>
        {saved && (
          <span className="muted">Saved {localTime(saved.fetchedAt)}</span>
        )}
        <span className="transcript-bar-actions">
          {saved !== null && saved.text !== null && (
            <button type="button" className="button-small" onClick={exportFile}>
              Export…
            </button>
          )}
          <button
            type="button"
            className="button-small"
            onClick={onRefresh}
            disabled={state.kind === 'loading'}
          >
            {state.kind === 'not-fetched'
              ? 'Fetch transcript'
              : 'Refresh transcript'}
          </button>
        </span>
      </div>

      <p className="visually-hidden" role="status">
        {state.kind === 'loading' ? 'Loading transcript' : ''}
      </p>
      <p className="muted transcript-status" role="status">
        {status}
      </p>

      {state.kind === 'not-fetched' && (
        <p className="notice">The transcript has not been fetched yet.</p>
      )}
      {state.kind === 'loading' && !saved && (
        <p className="notice">Loading transcript…</p>
      )}
      {state.kind === 'failed' && (
        <div className="notice notice-danger" role="alert">
          <p>Could not fetch the transcript: {state.message}</p>
          <button type="button" className="button-small" onClick={onRefresh}>
            Retry
          </button>
        </div>
      )}
      {saved && offline && (
        <p className="notice notice-warning">
          Offline: showing the copy saved {localTime(saved.fetchedAt)}.
        </p>
      )}
      {saved && saved.text === null && (
        <p className="notice">
          No thread yet: Offload has not exchanged any e-mail on this case.
        </p>
      )}
      {saved && saved.text !== null && (
        <Messages
          key={`${saved.caseId}-${saved.fetchedAt}-${props.initialQuery ?? ''}`}
          record={{ ...saved, text: saved.text }}
          counterpartyAddress={counterpartyAddress}
          initialQuery={props.initialQuery ?? ''}
          onOpenLink={setPendingLink}
          onStatus={setStatus}
        />
      )}
      {pendingLink !== null && (
        <LinkConfirm
          url={pendingLink}
          onConfirm={() => openLink(pendingLink)}
          onCancel={() => setPendingLink(null)}
        />
      )}
    </section>
  );
}
