import type { CaseListItem } from '../../shared/case-data.ts';

// The sidebar's status filters. Flagged cases (the API answered 404 or
// 403) are counted and listed like any other: a case a person watches
// must never disappear because the API stopped showing it.

export type CaseFilter =
  | 'all'
  | 'needs-input'
  | 'running'
  | 'created'
  | 'completed'
  | 'failed'
  | 'flagged';

export interface CaseFilterDefinition {
  id: CaseFilter;
  label: string;
  matches: (item: CaseListItem) => boolean;
}

export const CASE_FILTERS: readonly CaseFilterDefinition[] = [
  { id: 'all', label: 'All cases', matches: () => true },
  {
    id: 'needs-input',
    label: 'Needs input',
    matches: (item) => item.status === 'INPUT_NEEDED',
  },
  {
    id: 'running',
    label: 'Running',
    matches: (item) => item.status === 'RUNNING',
  },
  {
    id: 'created',
    label: 'Created',
    matches: (item) => item.status === 'CREATED',
  },
  {
    id: 'completed',
    label: 'Completed',
    matches: (item) => item.status === 'COMPLETED',
  },
  {
    id: 'failed',
    label: 'Failed',
    matches: (item) => item.status === 'FAILED',
  },
  {
    id: 'flagged',
    label: 'Not found or forbidden',
    matches: (item) => item.flag !== null,
  },
];

/** The definition of one filter. */
export function caseFilter(id: CaseFilter): CaseFilterDefinition {
  return CASE_FILTERS.find((filter) => filter.id === id) ?? CASE_FILTERS[0]!;
}

/** How many cases each filter shows, in one pass over the list. */
export function filterCounts(
  items: readonly CaseListItem[],
): Record<CaseFilter, number> {
  const counts = Object.fromEntries(
    CASE_FILTERS.map((filter) => [filter.id, 0]),
  ) as Record<CaseFilter, number>;
  for (const item of items) {
    for (const filter of CASE_FILTERS) {
      if (filter.matches(item)) counts[filter.id] += 1;
    }
  }
  return counts;
}
