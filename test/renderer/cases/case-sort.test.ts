import { expect, test } from 'vitest';
import { sortCases } from '../../../renderer/cases/case-sort.ts';
import { listItem } from '../support/fixtures.ts';

const ITEMS = [
  listItem(null, {
    caseId: 'old-running',
    status: 'RUNNING',
    createdAt: 1,
    updatedAt: 10,
  }),
  listItem(null, { caseId: 'never-read' }),
  listItem(null, {
    caseId: 'new-done',
    status: 'COMPLETED',
    createdAt: 3,
    updatedAt: 30,
  }),
  listItem(null, {
    caseId: 'waiting',
    status: 'INPUT_NEEDED',
    createdAt: 2,
    updatedAt: 20,
  }),
  listItem(null, {
    caseId: 'odd',
    status: 'PAUSED',
    createdAt: 4,
    updatedAt: 5,
  }),
];

const ids = (sort: Parameters<typeof sortCases>[1]) =>
  sortCases(ITEMS, sort).map((item) => item.caseId);

test('last change puts the newest change first and unread cases last', () => {
  expect(ids('last-change')).toEqual([
    'new-done',
    'waiting',
    'old-running',
    'odd',
    'never-read',
  ]);
});

test('creation puts the newest case first', () => {
  expect(ids('created')).toEqual([
    'odd',
    'new-done',
    'waiting',
    'old-running',
    'never-read',
  ]);
});

test('status puts waiting cases first and unknown statuses after known', () => {
  expect(ids('status')).toEqual([
    'waiting',
    'old-running',
    'new-done',
    'odd',
    'never-read',
  ]);
});

test('sorting leaves the input untouched and breaks ties by case id', () => {
  const twins = [
    listItem(null, { caseId: 'b', updatedAt: 1 }),
    listItem(null, { caseId: 'a', updatedAt: 1 }),
  ];
  expect(sortCases(twins, 'last-change').map((item) => item.caseId)).toEqual([
    'a',
    'b',
  ]);
  expect(twins[0]?.caseId).toBe('b');
});
