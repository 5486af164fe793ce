import { useEffect, useId, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { SearchField, SearchHit } from '../../shared/case-data.ts';
import { offload, unwrap } from '../api/offload.ts';
import { splitSnippet } from './split-snippet.ts';
import './search-results.css';

// Matches across every saved transcript and case field, from the local
// store, so search works offline too. The list is a listbox: arrows (or
// j/k) move, Enter opens the case at the match.

export interface SearchResultsProps {
  query: string;
  onOpen(caseId: string, hit: SearchHit): void;
}

/** Typing pauses this long before a query is sent. */
const DEBOUNCE_MS = 150;
/** Enough to scan; a narrower query is the way to more. */
const MAX_HITS = 200;

const FIELD_WORDS: Record<SearchField, string> = {
  transcript: 'Transcript',
  clientReferenceId: 'Client reference',
  counterparty: 'Counterparty',
  objective: 'Objective',
  label: 'Label',
};

/** The answer to one query (and try): its hits, or why there are none. */
type SearchAnswer =
  | { query: string; attempt: number; hits: SearchHit[] }
  | { query: string; attempt: number; error: string };

type SearchState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'done'; hits: SearchHit[] }
  | { status: 'error'; message: string };

/** What to show for the query now typed, given the last answer. */
function stateFor(
  query: string,
  attempt: number,
  answer: SearchAnswer | null,
): SearchState {
  if (query === '') return { status: 'idle' };
  if (answer === null || answer.query !== query || answer.attempt !== attempt) {
    return { status: 'loading' };
  }
  return 'error' in answer
    ? { status: 'error', message: answer.error }
    : { status: 'done', hits: answer.hits };
}

/** Search results for a query, keyboard-navigable. */
export function SearchResults({ query, onOpen }: SearchResultsProps) {
  const [answer, setAnswer] = useState<SearchAnswer | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [active, setActive] = useState(0);
  const baseId = useId();
  const titleId = useId();
  const trimmed = query.trim();
  const state = stateFor(trimmed, attempt, answer);

  useEffect(() => {
    if (trimmed === '') return;
    // Answers to a query typed over, or to an earlier try, are dropped.
    let live = true;
    const ask = () => {
      unwrap(offload().search.query(trimmed, MAX_HITS)).then(
        (hits) => {
          if (!live) return;
          setAnswer({ query: trimmed, attempt, hits });
          setActive(0);
        },
        (error: unknown) => {
          if (!live) return;
          setAnswer({
            query: trimmed,
            attempt,
            error: error instanceof Error ? error.message : String(error),
          });
        },
      );
    };
    // A retry is asked at once; typing waits for a pause.
    const timer = setTimeout(ask, attempt === 0 ? DEBOUNCE_MS : 0);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [trimmed, attempt]);

  function retry() {
    setAttempt((value) => value + 1);
  }

  const hits = state.status === 'done' ? state.hits : [];
  const optionId = (index: number) => `${baseId}-hit-${index}`;

  useEffect(() => {
    if (hits.length === 0) return;
    document
      .getElementById(optionId(active))
      ?.scrollIntoView({ block: 'nearest' });
  });

  function onKeyDown(event: KeyboardEvent<HTMLUListElement>) {
    if (hits.length === 0) return;
    const last = hits.length - 1;
    let next: number | null = null;
    if (event.key === 'ArrowDown' || event.key === 'j') {
      next = Math.min(last, active + 1);
    } else if (event.key === 'ArrowUp' || event.key === 'k') {
      next = Math.max(0, active - 1);
    } else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = last;
    else if (event.key === 'Enter') {
      const hit = hits[active];
      if (hit) {
        event.preventDefault();
        onOpen(hit.caseId, hit);
      }
      return;
    }
    if (next !== null) {
      event.preventDefault();
      setActive(next);
    }
  }

  return (
    <section className="search-results" aria-labelledby={titleId}>
      <h2 id={titleId} className="search-title">
        {trimmed === '' ? 'Search' : `Results for “${trimmed}”`}
      </h2>
      <div className="search-status" role="status">
        {state.status === 'idle' && (
          <p className="muted">
            Type to search every saved transcript, reference, counterparty,
            objective and label.
          </p>
        )}
        {state.status === 'loading' && <p className="muted">Searching…</p>}
        {state.status === 'done' &&
          (hits.length === 0 ? (
            <p>No matches for “{trimmed}”.</p>
          ) : (
            <p className="muted">
              {hits.length === MAX_HITS
                ? `The first ${MAX_HITS} matches; narrow the search for more.`
                : `${hits.length} ${hits.length === 1 ? 'match' : 'matches'}`}
            </p>
          ))}
      </div>
      {state.status === 'error' && (
        <div className="notice notice-danger" role="alert">
          <p>The search failed: {state.message}</p>
          <button type="button" onClick={retry}>
            Search again
          </button>
        </div>
      )}
      {hits.length > 0 && (
        <ul
          className="search-hit-list"
          role="listbox"
          aria-label="Matches"
          tabIndex={0}
          aria-activedescendant={optionId(active)}
          onKeyDown={onKeyDown}
        >
          {hits.map((hit, index) => (
            <li
              key={`${hit.caseId}-${hit.field}-${index}`}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              className="search-hit"
              onClick={() => {
                setActive(index);
                onOpen(hit.caseId, hit);
              }}
            >
              <span className="search-hit-meta">
                <span className="search-hit-field">
                  {FIELD_WORDS[hit.field] ?? hit.field}
                </span>
                <span className="mono muted">{hit.caseId}</span>
              </span>
              <span className="search-hit-snippet">
                {splitSnippet(hit.snippet).map((run, runIndex) =>
                  run.marked ? (
                    <mark key={runIndex}>{run.text}</mark>
                  ) : (
                    <span key={runIndex}>{run.text}</span>
                  ),
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
