import { useMemo } from 'react';
import type { CaseListItem } from '../../shared/case-data.ts';
import { caseFilter } from './case-filters.ts';
import type { CaseFilter } from './case-filters.ts';
import { CASE_SORTS, sortCases } from './case-sort.ts';
import type { CaseSort } from './case-sort.ts';
import { CaseList } from './case-list.tsx';
import './cases-column.css';

export interface CasesColumnProps {
  /** Every watched case; the column filters and sorts. */
  items: readonly CaseListItem[];
  filter: CaseFilter;
  sort: CaseSort;
  onSortChange: (sort: CaseSort) => void;
  openId: string | null;
  now: number;
  onOpen: (caseId: string) => void;
  /** True while `items` is only the first screen of the list. */
  partial?: boolean;
}

/** The list column: its heading, the sort choice and the list itself. */
export function CasesColumn(props: CasesColumnProps) {
  const { items, filter, sort, onSortChange, openId, now, onOpen } = props;
  const definition = caseFilter(filter);
  const shown = useMemo(
    () => sortCases(items.filter(definition.matches), sort),
    [items, definition, sort],
  );
  return (
    <section className="cases-column" aria-labelledby="cases-column-heading">
      <div className="cases-column-bar">
        <h2 id="cases-column-heading">
          {definition.label}{' '}
          <span className="muted">
            {props.partial
              ? '(loading the rest…)'
              : `(${shown.length} ${shown.length === 1 ? 'case' : 'cases'})`}
          </span>
        </h2>
        <label className="cases-column-sort">
          <span>Sort by</span>
          <select
            value={sort}
            onChange={(event) => onSortChange(event.target.value as CaseSort)}
          >
            {CASE_SORTS.map((option) => (
              <option key={option.id} value={option.id}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="cases-column-list">
        <CaseList
          items={shown}
          openId={openId}
          now={now}
          onOpen={onOpen}
          label={`Cases: ${definition.label}`}
        />
      </div>
    </section>
  );
}
