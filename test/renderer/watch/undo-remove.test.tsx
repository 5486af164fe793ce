import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { render } from 'vitest-browser-react';
import type { WatchedCase } from '../../../shared/case-data.ts';
import {
  UndoRemoveToast,
  removedWords,
} from '../../../renderer/watch/undo-remove.tsx';
import { createFakeOffload } from '../support/fake-offload.ts';
import type { FakeOffload } from '../support/fake-offload.ts';
import { watchedCase } from '../support/fixtures.ts';

let fake: FakeOffload;
let uninstall: () => void;

beforeEach(() => {
  fake = createFakeOffload();
  uninstall = fake.install();
});

afterEach(() => uninstall());

const REMOVED: WatchedCase[] = [
  watchedCase('case_1', { label: 'Acme', clientReferenceId: 'REF-1' }),
  watchedCase('case_2', { flag: 'not-found' }),
];

describe('removedWords', () => {
  test.each([
    [[watchedCase('case_1', { label: 'Acme' })], 'Removed Acme'],
    [[watchedCase('case_1', { clientReferenceId: 'R-1' })], 'Removed R-1'],
    [[watchedCase('case_1')], 'Removed case_1'],
    [REMOVED, 'Removed 2 cases'],
  ])('%#: %s', (removed, words) => {
    expect(removedWords(removed)).toBe(words);
  });
});

test('Undo restores the cases with their labels and references', async () => {
  let undone = 0;
  const screen = await render(
    <UndoRemoveToast
      removed={REMOVED}
      onUndone={() => (undone += 1)}
      onDismiss={() => {}}
    />,
  );
  await expect
    .element(screen.getByRole('status'))
    .toMatchTextContent(/Removed 2 cases/);
  await screen.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => undone).toBe(1);
  expect(fake.callsTo('watch.restore')).toEqual([
    [
      [
        { caseId: 'case_1', label: 'Acme', clientReferenceId: 'REF-1' },
        { caseId: 'case_2' },
      ],
    ],
  ]);
});

test('a failed undo says so and keeps the toast', async () => {
  fake.fail('watch.restore', 'internal', 'The store is busy.');
  let undone = 0;
  const screen = await render(
    <UndoRemoveToast
      removed={REMOVED}
      onUndone={() => (undone += 1)}
      onDismiss={() => {}}
    />,
  );
  await screen.getByRole('button', { name: 'Undo' }).click();
  await expect
    .element(
      screen.getByText('The cases were not restored: The store is busy.'),
    )
    .toBeVisible();
  expect(undone).toBe(0);
});

test('Dismiss closes the toast without restoring', async () => {
  let dismissed = 0;
  const screen = await render(
    <UndoRemoveToast
      removed={REMOVED}
      onUndone={() => {}}
      onDismiss={() => (dismissed += 1)}
    />,
  );
  await screen.getByRole('button', { name: 'Dismiss' }).click();
  expect(dismissed).toBe(1);
  expect(fake.callsTo('watch.restore')).toEqual([]);
});

test('a hostile label is shown as text', async () => {
  const hostile = '<img src=x onerror="window.offloadPwned=1">';
  const screen = await render(
    <UndoRemoveToast
      removed={[watchedCase('case_1', { label: hostile })]}
      onUndone={() => {}}
      onDismiss={() => {}}
    />,
  );
  await expect.element(screen.getByText(`Removed ${hostile}`)).toBeVisible();
  expect(screen.container.querySelector('img')).toBeNull();
});
