import { afterEach, beforeEach, expect, test } from 'vitest';
import { render } from 'vitest-browser-react';
import { userEvent } from 'vitest/browser';
import { AddCasesDialog } from '../../../renderer/watch/add-cases-dialog.tsx';
import { createFakeOffload } from '../support/fake-offload.ts';
import type { FakeOffload } from '../support/fake-offload.ts';
import { axeViolations } from '../support/axe-check.ts';

let fake: FakeOffload;
let uninstall: () => void;

beforeEach(() => {
  fake = createFakeOffload();
  uninstall = fake.install();
});

afterEach(() => uninstall());

async function renderDialog() {
  const events = { closed: 0, added: [] as string[][] };
  const screen = await render(
    <AddCasesDialog
      onClose={() => (events.closed += 1)}
      onAdded={(ids) => events.added.push(ids)}
    />,
  );
  await expect
    .element(screen.getByRole('dialog', { name: 'Add cases' }))
    .toBeVisible();
  return { screen, events };
}

test('the dialog is modal and starts with focus inside it', async () => {
  const { screen } = await renderDialog();
  const dialog = screen.getByRole('dialog').element() as HTMLDialogElement;
  expect(dialog.open).toBe(true);
  expect(dialog.matches(':modal')).toBe(true);
  expect(dialog.contains(document.activeElement)).toBe(true);
});

test('pasted ids are added and the outcome is shown line by line', async () => {
  fake.respond('watch.add', () => ({
    ok: true,
    value: {
      added: ['case_1', 'case_2'],
      already: ['case_3'],
      problems: [
        { line: 4, text: 'not an id!', reason: 'not a case id' },
        { line: 7, text: '', reason: '3 more problems not listed' },
      ],
    },
  }));
  const { screen, events } = await renderDialog();
  const text = 'case_1 case_2\ncase_3\n\nnot an id!';
  await screen.getByLabelText('Case ids').fill(text);
  await screen.getByRole('button', { name: 'Add pasted ids' }).click();

  await expect.element(screen.getByText(/^Added 2 cases\./)).toBeVisible();
  await expect
    .element(screen.getByText('1 case was already watched:'))
    .toBeVisible();
  await expect.element(screen.getByText('case_3')).toBeVisible();
  await expect
    .element(screen.getByText('2 lines could not be read:'))
    .toBeVisible();
  const problems = screen.getByRole('listitem').filter({ hasText: 'Line' });
  await expect
    .element(problems.nth(0))
    .toMatchTextContent(/Line 4.*not an id!.*not a case id/);
  await expect
    .element(problems.nth(1))
    .toMatchTextContent(/Line 7.*3 more problems not listed/);

  expect(fake.callsTo('watch.add')).toEqual([[{ text, source: 'paste' }]]);
  expect(events.added).toEqual([['case_1', 'case_2']]);
  // The text stays when some lines were not read, so they can be fixed.
  await expect.element(screen.getByLabelText('Case ids')).toHaveValue(text);
});

test('Ctrl+Enter in the text adds, and a clean paste clears the box', async () => {
  fake.respond('watch.add', () => ({
    ok: true,
    value: { added: ['case_9'], already: [], problems: [] },
  }));
  const { screen, events } = await renderDialog();
  await screen.getByLabelText('Case ids').fill('case_9');
  await userEvent.keyboard('{Control>}{Enter}{/Control}');
  await expect.element(screen.getByText(/^Added 1 case\./)).toBeVisible();
  await expect.element(screen.getByLabelText('Case ids')).toHaveValue('');
  expect(events.added).toEqual([['case_9']]);
});

test('nothing to add is said, and onAdded is not called', async () => {
  const { screen, events } = await renderDialog();
  await screen.getByLabelText('Case ids').fill('# only a comment');
  await screen.getByRole('button', { name: 'Add pasted ids' }).click();
  await expect
    .element(screen.getByText('No case ids were found in that text.'))
    .toBeVisible();
  expect(events.added).toEqual([]);
});

test('an empty box cannot be submitted', async () => {
  const { screen } = await renderDialog();
  await expect
    .element(screen.getByRole('button', { name: 'Add pasted ids' }))
    .toBeDisabled();
});

test('a file is read in the page and sent as text from a file', async () => {
  fake.respond('watch.add', () => ({
    ok: true,
    value: { added: ['case_a'], already: [], problems: [] },
  }));
  const { screen, events } = await renderDialog();
  const csv = 'caseId,label,clientReferenceId\ncase_a,Acme,REF-1\n';
  const input = screen.getByLabelText('Or import a file (CSV or text)');
  await input.upload(new File([csv], 'cases.csv', { type: 'text/csv' }));
  await screen.getByRole('button', { name: 'Add from cases.csv' }).click();
  await expect.element(screen.getByText(/^Added 1 case\./)).toBeVisible();
  expect(fake.callsTo('watch.add')).toEqual([[{ text: csv, source: 'file' }]]);
  expect(events.added).toEqual([['case_a']]);
});

test('a failed add says nothing was added and why', async () => {
  fake.fail('watch.add', 'invalid-input', 'The watch list is full.');
  const { screen } = await renderDialog();
  await screen.getByLabelText('Case ids').fill('case_1');
  await screen.getByRole('button', { name: 'Add pasted ids' }).click();
  await expect
    .element(screen.getByText('Nothing was added: The watch list is full.'))
    .toBeVisible();
});

test('Escape closes the dialog', async () => {
  const { screen, events } = await renderDialog();
  (screen.getByLabelText('Case ids').element() as HTMLElement).focus();
  await userEvent.keyboard('{Escape}');
  await expect.poll(() => events.closed).toBe(1);
});

test('the Close button closes the dialog', async () => {
  const { screen, events } = await renderDialog();
  await screen.getByRole('button', { name: 'Close' }).click();
  await expect.poll(() => events.closed).toBe(1);
});

test('Tab stays inside the dialog', async () => {
  const screen = await render(
    <>
      <button type="button">Outside</button>
      <AddCasesDialog onClose={() => {}} onAdded={() => {}} />
    </>,
  );
  const dialog = screen.getByRole('dialog').element();
  await expect.element(screen.getByRole('dialog')).toBeVisible();
  for (let step = 0; step < 12; step += 1) {
    await userEvent.keyboard('{Tab}');
    const focused = document.activeElement;
    expect(focused?.textContent).not.toBe('Outside');
  }
  expect(dialog.isConnected).toBe(true);
});

test('hostile text in problems and ids is shown as text', async () => {
  const hostile = '<img src=x onerror="window.offloadPwned=1">';
  fake.respond('watch.add', () => ({
    ok: true,
    value: {
      added: [],
      already: [hostile],
      problems: [{ line: 1, text: hostile, reason: hostile }],
    },
  }));
  const { screen } = await renderDialog();
  await screen.getByLabelText('Case ids').fill(hostile);
  await screen.getByRole('button', { name: 'Add pasted ids' }).click();
  await expect
    .element(screen.getByText('1 line could not be read:'))
    .toBeVisible();
  expect(screen.container.querySelector('img')).toBeNull();
  expect(document.querySelector('dialog img')).toBeNull();
  expect((window as { offloadPwned?: number }).offloadPwned).toBeUndefined();
});

test('the dialog has no serious accessibility violations', async () => {
  fake.respond('watch.add', () => ({
    ok: true,
    value: {
      added: ['case_1'],
      already: ['case_2'],
      problems: [{ line: 3, text: 'x y', reason: 'not a case id' }],
    },
  }));
  const { screen } = await renderDialog();
  await screen.getByLabelText('Case ids').fill('case_1');
  await screen.getByRole('button', { name: 'Add pasted ids' }).click();
  await expect.element(screen.getByText(/^Added 1 case\./)).toBeVisible();
  expect(await axeViolations(screen.getByRole('dialog').element())).toEqual([]);
});
