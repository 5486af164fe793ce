import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AppInfo } from '../../shared/ipc.ts';
import type { SearchHit, WatchedCase } from '../../shared/case-data.ts';
import { SEARCH_MARK_END, SEARCH_MARK_START } from '../../shared/case-data.ts';
import type { EngineState } from '../../shared/sync-data.ts';
import { offload, unwrap } from '../api/offload.ts';
import { filterCounts } from '../cases/case-filters.ts';
import type { CaseFilter } from '../cases/case-filters.ts';
import type { CaseSort } from '../cases/case-sort.ts';
import { CaseDetailPane } from '../cases/case-detail-pane.tsx';
import { CasesColumn } from '../cases/cases-column.tsx';
import { SearchResults } from '../search/search-results.tsx';
import { SettingsScreen } from '../settings/settings-screen.tsx';
import { UndoRemoveToast } from '../watch/undo-remove.tsx';
import { AddCasesDialog } from '../watch/add-cases-dialog.tsx';
import { AppHeader } from './app-header.tsx';
import { OfflineBanner } from './offline-banner.tsx';
import { Sidebar } from './sidebar.tsx';
import { useCaseList } from './use-case-list.ts';
import { useNow } from './use-now.ts';
import './console-frame.css';

// The console once a profile and key exist: header, filters, the case
// list and the open case. It listens to the main process's events and
// reads again only what an event says changed.

export interface ConsoleFrameProps {
  info: AppInfo;
  /** Injected clock for relative times (tests pass a fixed one). */
  clock?: () => number;
}

/** The first matched words of a search snippet, to find in a transcript. */
export function matchedWords(snippet: string): string | undefined {
  const start = snippet.indexOf(SEARCH_MARK_START);
  const end = snippet.indexOf(SEARCH_MARK_END, start + 1);
  if (start === -1 || end === -1) return undefined;
  return snippet.slice(start + SEARCH_MARK_START.length, end);
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
  );
}

const CASE_EVENTS = new Set([
  'case-changed',
  'status-changed',
  'input-needed',
  'completed',
  'failed',
  'attachments-added',
  'case-flagged',
  'case-sync-state',
]);

function retrySync() {
  void offload().sync.refreshAll();
}

/** The console's main screen. */
export function ConsoleFrame({ info, clock }: ConsoleFrameProps) {
  const now = useNow(1_000, clock);
  const cases = useCaseList();
  const [syncState, setSyncState] = useState<EngineState | null>(null);
  const [filter, setFilter] = useState<CaseFilter>('all');
  const [sort, setSort] = useState<CaseSort>('last-change');
  const [openId, setOpenId] = useState<string | null>(null);
  const [findQuery, setFindQuery] = useState<string | undefined>(undefined);
  const [reloadToken, setReloadToken] = useState(0);
  const [transcriptToken, setTranscriptToken] = useState(0);
  const [searchQuery, setSearchQuery] = useState('');
  const [searchShown, setSearchShown] = useState<string | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [addOpen, setAddOpen] = useState(false);
  // Cases just taken off the watch list, until Undo or dismissal.
  const [removed, setRemoved] = useState<WatchedCase[] | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const { reloadSoon, reload, markSeenLocally } = cases;
  // Event listeners outlive renders; they read the open case from here.
  const openIdRef = useRef(openId);
  useEffect(() => {
    openIdRef.current = openId;
  }, [openId]);

  const openCase = useCallback((caseId: string, query?: string) => {
    setOpenId(caseId);
    setFindQuery(query);
  }, []);

  // Sync state, then events as they come.
  useEffect(() => {
    let live = true;
    unwrap(offload().sync.state()).then(
      (state) => {
        if (live) setSyncState(state);
      },
      () => {
        // The header says "Connecting…" until the first sync-state event.
      },
    );
    const stopSync = offload().events.on('sync', (event) => {
      if (event.type === 'sync-state') {
        setSyncState(event.state);
        return;
      }
      if (event.type === 'transcript-updated') {
        if (event.caseId === openIdRef.current) {
          setTranscriptToken((token) => token + 1);
        }
        return;
      }
      if (CASE_EVENTS.has(event.type)) {
        reloadSoon();
        if ('caseId' in event && event.caseId === openIdRef.current) {
          setReloadToken((token) => token + 1);
        }
      }
    });
    const stopOpen = offload().events.on('open-case', (request) => {
      setSettingsOpen(false);
      setSearchShown(null);
      reload();
      openCase(request.caseId);
    });
    return () => {
      live = false;
      stopSync();
      stopOpen();
    };
  }, [reloadSoon, reload, openCase]);

  // `/` focuses search from anywhere but a text field.
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.key !== '/' || event.ctrlKey || event.metaKey) return;
      if (event.altKey || isTyping(event.target)) return;
      event.preventDefault();
      setSettingsOpen(false);
      searchRef.current?.focus();
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const items = cases.items;
  const counts = useMemo(() => filterCounts(items ?? []), [items]);
  const offline = syncState?.connection === 'offline';

  function onSearchHit(caseId: string, hit: SearchHit) {
    openCase(
      caseId,
      hit.field === 'transcript' ? matchedWords(hit.snippet) : undefined,
    );
  }

  let mainContent;
  if (settingsOpen) {
    mainContent = <SettingsScreen onClose={() => setSettingsOpen(false)} />;
  } else if (searchShown !== null) {
    mainContent = (
      <section className="app-search-results" aria-label="Search results">
        <div className="app-search-results-bar">
          <button
            type="button"
            className="button-small"
            onClick={() => setSearchShown(null)}
          >
            Back to cases
          </button>
        </div>
        <SearchResults query={searchShown} onOpen={onSearchHit} />
      </section>
    );
  } else if (items === null) {
    mainContent = cases.error ? (
      <div className="notice notice-danger app-main-message" role="alert">
        <p>The case list could not be read: {cases.error}</p>
        <button type="button" onClick={cases.reload}>
          Try again
        </button>
      </div>
    ) : (
      <p className="app-main-message muted" role="status">
        Loading cases…
      </p>
    );
  } else if (items.length === 0) {
    mainContent = (
      <div className="app-main-message">
        <h2>No cases watched yet</h2>
        <p className="muted">
          Paste the case ids you want to follow, and the console keeps them up
          to date.
        </p>
        <button
          type="button"
          className="button-primary"
          onClick={() => setAddOpen(true)}
        >
          Add cases
        </button>
      </div>
    );
  } else {
    mainContent = (
      <CasesColumn
        items={items}
        partial={!cases.complete}
        filter={filter}
        sort={sort}
        onSortChange={setSort}
        openId={openId}
        now={now}
        onOpen={(caseId) => openCase(caseId)}
      />
    );
  }

  return (
    <div className="app-frame">
      <AppHeader
        syncState={syncState}
        now={now}
        profileName={info.profile?.name ?? null}
        searchQuery={searchQuery}
        onSearchChange={setSearchQuery}
        onSearchSubmit={() => {
          setSettingsOpen(false);
          setSearchShown(searchQuery.trim() === '' ? null : searchQuery);
        }}
        onSearchCancel={() => {
          setSearchQuery('');
          setSearchShown(null);
        }}
        searchRef={searchRef}
        onOpenSettings={() => setSettingsOpen(true)}
        onAddCases={() => setAddOpen(true)}
      />
      <OfflineBanner state={syncState} onRetry={retrySync} />
      <div className={`app-body${settingsOpen ? ' is-settings' : ''}`}>
        <Sidebar
          counts={counts}
          counting={!cases.complete}
          filter={filter}
          onFilterChange={(next) => {
            setFilter(next);
            setSettingsOpen(false);
            setSearchShown(null);
          }}
        />
        <main className="app-main" aria-label="Cases">
          {mainContent}
        </main>
        {!settingsOpen && (
          <aside className="app-detail" aria-label="Case detail">
            {openId === null ? (
              <p className="app-detail-empty muted">
                Choose a case to see its details.
              </p>
            ) : (
              <CaseDetailPane
                key={openId}
                caseId={openId}
                now={now}
                offline={offline}
                reloadToken={reloadToken}
                transcriptToken={transcriptToken}
                findQuery={findQuery}
                onSeen={markSeenLocally}
                onRemoved={(gone) => {
                  setOpenId(null);
                  setRemoved(gone);
                  reload();
                }}
                onWatched={reload}
              />
            )}
          </aside>
        )}
      </div>
      {removed !== null && (
        <div className="app-toasts">
          <UndoRemoveToast
            removed={removed}
            onUndone={() => {
              const [first] = removed;
              setRemoved(null);
              reload();
              if (removed.length === 1 && first) openCase(first.caseId);
            }}
            onDismiss={() => setRemoved(null)}
          />
        </div>
      )}
      {addOpen && (
        <AddCasesDialog
          onClose={() => setAddOpen(false)}
          onAdded={() => cases.reload()}
        />
      )}
    </div>
  );
}
