import { CASE_FILTERS } from '../cases/case-filters.ts';
import type { CaseFilter } from '../cases/case-filters.ts';

export interface SidebarProps {
  counts: Record<CaseFilter, number>;
  /** True while only the first screen of cases is known: no counts yet. */
  counting?: boolean;
  filter: CaseFilter;
  onFilterChange: (filter: CaseFilter) => void;
}

/** The status filters with how many cases each holds. */
export function Sidebar(props: SidebarProps) {
  const { counts, counting, filter, onFilterChange } = props;
  return (
    <nav className="app-sidebar" aria-label="Case filters">
      <ul>
        {CASE_FILTERS.map((definition) => (
          <li key={definition.id}>
            <button
              type="button"
              className={`sidebar-filter${definition.id === filter ? ' is-current' : ''}`}
              aria-pressed={definition.id === filter}
              onClick={() => onFilterChange(definition.id)}
            >
              <span className="sidebar-filter-label">{definition.label}</span>
              <span className="sidebar-filter-count">
                {counting ? (
                  <span aria-label="counting">…</span>
                ) : (
                  counts[definition.id]
                )}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
