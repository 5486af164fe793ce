import type { RefObject } from 'react';
import type { EngineState } from '../../shared/sync-data.ts';
import { syncWords } from './sync-words.ts';

export interface AppHeaderProps {
  syncState: EngineState | null;
  now: number;
  /** The profile in use, by name. */
  profileName: string | null;
  searchQuery: string;
  onSearchChange: (query: string) => void;
  /** Enter in the search box. */
  onSearchSubmit: () => void;
  /** Escape in the search box. */
  onSearchCancel: () => void;
  searchRef: RefObject<HTMLInputElement | null>;
  onOpenSettings: () => void;
  onAddCases: () => void;
}

/** The top bar: sync state, search, profile and the main actions. */
export function AppHeader(props: AppHeaderProps) {
  const sync = syncWords(props.syncState, props.now);
  return (
    <header className="app-header">
      <h1 className="app-title">Offload Console</h1>
      <p className={`app-sync tone-${sync.tone}`} role="status">
        {sync.words}
      </p>
      <form
        className="app-search"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          props.onSearchSubmit();
        }}
      >
        <label htmlFor="app-search-input" className="visually-hidden">
          Search cases and transcripts
        </label>
        <input
          id="app-search-input"
          ref={props.searchRef}
          type="search"
          placeholder="Search (press /)"
          value={props.searchQuery}
          onChange={(event) => props.onSearchChange(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') props.onSearchCancel();
          }}
        />
      </form>
      {props.profileName !== null && (
        <p className="app-profile">
          <span className="muted">Profile </span>
          {props.profileName}
        </p>
      )}
      <button type="button" onClick={props.onAddCases}>
        Add cases
      </button>
      <button type="button" onClick={props.onOpenSettings}>
        Settings
      </button>
    </header>
  );
}
