import type { CaseListItem } from '../../shared/case-data.ts';

// Orders for the case list. Cases never fetched have no times or status;
// they go last in every order, so fresh data reads first.

export type CaseSort = 'last-change' | 'created' | 'status';

export const CASE_SORTS: readonly { id: CaseSort; label: string }[] = [
  { id: 'last-change', label: 'Last change' },
  { id: 'created', label: 'Creation' },
  { id: 'status', label: 'Status' },
];

// What needs a person first: waiting cases, then live ones, then done.
const STATUS_ORDER: Record<string, number> = {
  INPUT_NEEDED: 0,
  RUNNING: 1,
  CREATED: 2,
  FAILED: 3,
  COMPLETED: 4,
};
const UNKNOWN_STATUS = 5;
const NEVER_FETCHED = 6;

function newestFirst(a: number | undefined, b: number | undefined): number {
  return (b ?? -Infinity) - (a ?? -Infinity);
}

function statusRank(item: CaseListItem): number {
  if (item.status === undefined) return NEVER_FETCHED;
  return STATUS_ORDER[item.status] ?? UNKNOWN_STATUS;
}

function byId(a: CaseListItem, b: CaseListItem): number {
  return a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0;
}

/** A new array in the chosen order; ties keep the case id order. */
export function sortCases(
  items: readonly CaseListItem[],
  sort: CaseSort,
): CaseListItem[] {
  return items.toSorted((a, b) => {
    let order = 0;
    if (sort === 'last-change') order = newestFirst(a.updatedAt, b.updatedAt);
    else if (sort === 'created') order = newestFirst(a.createdAt, b.createdAt);
    else {
      order =
        statusRank(a) - statusRank(b) || newestFirst(a.updatedAt, b.updatedAt);
    }
    return order || byId(a, b);
  });
}
