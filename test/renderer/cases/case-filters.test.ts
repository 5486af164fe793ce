import { expect, test } from 'vitest';
import {
  CASE_FILTERS,
  caseFilter,
  filterCounts,
} from '../../../renderer/cases/case-filters.ts';
import { listItem } from '../support/fixtures.ts';

const ITEMS = [
  listItem(null, { caseId: 'a', status: 'INPUT_NEEDED' }),
  listItem(null, { caseId: 'b', status: 'RUNNING' }),
  listItem(null, { caseId: 'c', status: 'RUNNING' }),
  listItem(null, { caseId: 'd', status: 'COMPLETED' }),
  listItem(null, { caseId: 'e', status: 'FAILED' }),
  listItem(null, { caseId: 'f', status: 'CREATED' }),
  listItem(null, { caseId: 'g', flag: 'not-found' }),
  listItem(null, { caseId: 'h', status: 'RUNNING', flag: 'forbidden' }),
  listItem(null, { caseId: 'i', status: 'PAUSED' }),
];

test('every filter counts the cases it shows', () => {
  expect(filterCounts(ITEMS)).toEqual({
    all: 9,
    'needs-input': 1,
    running: 3,
    created: 1,
    completed: 1,
    failed: 1,
    flagged: 2,
  });
});

test('flagged cases stay in "all" and in their status filter', () => {
  const running = caseFilter('running');
  expect(ITEMS.filter(running.matches).map((item) => item.caseId)).toContain(
    'h',
  );
  expect(ITEMS.filter(caseFilter('all').matches)).toHaveLength(ITEMS.length);
});

test('the filters are in the order the sidebar shows them', () => {
  expect(CASE_FILTERS.map((filter) => filter.label)).toEqual([
    'All cases',
    'Needs input',
    'Running',
    'Created',
    'Completed',
    'Failed',
    'Not found or forbidden',
  ]);
});

test('no cases count zero everywhere', () => {
  expect(Object.values(filterCounts([]))).toEqual([0, 0, 0, 0, 0, 0, 0]);
});
