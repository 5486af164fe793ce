import { expect, test, vi } from 'vitest';
import { render } from 'vitest-browser-react';
import { userEvent } from 'vitest/browser';
import type { CaseListItem } from '../../../shared/case-data.ts';
import { CaseList } from '../../../renderer/cases/case-list.tsx';
import { CasesColumn } from '../../../renderer/cases/cases-column.tsx';
import { FIXTURE_NOW, caseView, listItem } from '../support/fixtures.ts';
import { HOSTILE, hostileElementCreated } from '../support/hostile.ts';

function manyCases(count: number): CaseListItem[] {
  return Array.from({ length: count }, (_, index) =>
    listItem(caseView(), {
      caseId: `case_${String(index).padStart(5, '0')}`,
      clientReferenceId: `REF-${index}`,
      updatedAt: FIXTURE_NOW - index * 1000,
    }),
  );
}

function renderList(
  items: CaseListItem[],
  onOpen: (caseId: string) => void = () => {},
  openId: string | null = null,
) {
  return render(
    <div style={{ height: 400, display: 'flex', flexDirection: 'column' }}>
      <CaseList
        items={items}
        openId={openId}
        now={FIXTURE_NOW}
        onOpen={onOpen}
        label="Cases: All cases"
      />
    </div>,
  );
}

test('a row shows status, reference, counterparty, objective, attempts and last change', async () => {
  const screen = await renderList([
    listItem(caseView({ attemptCount: 2, maxAttempts: 3 }), {
      updatedAt: FIXTURE_NOW - 12_000,
    }),
  ]);
  const row = screen.getByRole('option');
  await expect.element(row).toMatchTextContent('Running');
  await expect.element(row).toMatchTextContent('REF-1001');
  await expect.element(row).toMatchTextContent('Acme Billing');
  await expect.element(row).toMatchTextContent('Get the March invoice');
  await expect.element(row).toMatchTextContent('2 of 4 e-mails');
  await expect.element(row).toMatchTextContent('12 s ago');
});

test('a row without a reference falls back to its label, then its id', async () => {
  const screen = await renderList([
    listItem(null, { caseId: 'case_a', label: 'Refund for Jo' }),
    listItem(null, { caseId: 'case_b' }),
  ]);
  await expect
    .element(screen.getByRole('option', { name: /Refund for Jo/ }))
    .toMatchTextContent('Not fetched yet');
  await expect
    .element(screen.getByRole('option', { name: /case_b/ }))
    .toMatchTextContent('never fetched');
});

test('unseen changes are marked in words and flagged cases are shown, not hidden', async () => {
  const screen = await renderList([
    listItem(caseView(), { unseen: true }),
    listItem(null, { caseId: 'case_gone', flag: 'not-found' }),
    listItem(null, { caseId: 'case_other', flag: 'forbidden' }),
  ]);
  await expect
    .element(screen.getByRole('option', { name: /REF-1001/ }))
    .toMatchTextContent('Changed since you looked');
  await expect
    .element(screen.getByRole('option', { name: /case_gone/ }))
    .toMatchTextContent('Not found');
  await expect
    .element(screen.getByRole('option', { name: /case_other/ }))
    .toMatchTextContent('Forbidden');
});

test('10,000 cases render only the rows on screen and scroll to the last', async () => {
  const screen = await renderList(manyCases(10_000));
  const list = screen.getByRole('listbox', { name: 'Cases: All cases' });
  await expect.element(list).toBeVisible();
  const rendered = screen.getByRole('option').elements().length;
  expect(rendered).toBeGreaterThan(3);
  expect(rendered).toBeLessThan(60);
  await expect
    .element(screen.getByRole('option').first())
    .toHaveAttribute('aria-setsize', '10000');

  list.element().focus();
  await userEvent.keyboard('{End}');
  await expect
    .element(screen.getByRole('option', { name: /REF-9999\b/ }))
    .toBeVisible();
  const active = list.element().getAttribute('aria-activedescendant');
  expect(document.getElementById(active!)?.textContent).toContain('REF-9999');
});

test('arrows and j/k move the active row; Home returns to the top; Enter opens', async () => {
  const onOpen = vi.fn<(caseId: string) => void>();
  const screen = await renderList(manyCases(30), onOpen);
  const list = screen.getByRole('listbox');
  list.element().focus();
  const activeText = () =>
    document.getElementById(
      list.element().getAttribute('aria-activedescendant')!,
    )?.textContent;

  expect(activeText()).toContain('REF-0');
  await userEvent.keyboard('{ArrowDown}');
  expect(activeText()).toContain('REF-1');
  await userEvent.keyboard('jj');
  expect(activeText()).toContain('REF-3');
  await userEvent.keyboard('k{ArrowUp}');
  expect(activeText()).toContain('REF-1');
  await userEvent.keyboard('{Enter}');
  expect(onOpen).toHaveBeenLastCalledWith('case_00001');
  await userEvent.keyboard('{Home}{ArrowUp}');
  expect(activeText()).toContain('REF-0');
  await userEvent.keyboard('{Enter}');
  expect(onOpen).toHaveBeenLastCalledWith('case_00000');
});

test('a click opens the case and the open case is the selected option', async () => {
  const onOpen = vi.fn<(caseId: string) => void>();
  const items = manyCases(5);
  const screen = await renderList(items, onOpen, 'case_00002');
  await expect
    .element(screen.getByRole('option', { name: /REF-2\b/ }))
    .toHaveAttribute('aria-selected', 'true');
  await screen.getByRole('option', { name: /REF-4\b/ }).click();
  expect(onOpen).toHaveBeenCalledWith('case_00004');
});

test('an empty view says so instead of showing an empty list', async () => {
  const screen = await renderList([]);
  await expect
    .element(screen.getByText('No cases in this view.'))
    .toBeVisible();
  expect(screen.getByRole('listbox').elements()).toHaveLength(0);
});

test('hostile text in every row field is shown as text', async () => {
  const screen = await renderList([
    listItem(null, {
      caseId: 'case_x',
      clientReferenceId: HOSTILE,
      counterpartyName: HOSTILE,
      objective: HOSTILE,
      status: HOSTILE,
    }),
  ]);
  await expect.element(screen.getByRole('option')).toMatchTextContent(HOSTILE);
  expect(hostileElementCreated()).toBe(false);
});

test('the column filters by status and changes the sort order', async () => {
  const items = [
    listItem(null, {
      caseId: 'a',
      status: 'RUNNING',
      updatedAt: 3,
      createdAt: 1,
    }),
    listItem(null, {
      caseId: 'b',
      status: 'INPUT_NEEDED',
      updatedAt: 1,
      createdAt: 3,
    }),
    listItem(null, {
      caseId: 'c',
      status: 'RUNNING',
      updatedAt: 2,
      createdAt: 2,
    }),
  ];
  const onSort = vi.fn<(sort: string) => void>();
  const screen = await render(
    <div style={{ height: 400 }}>
      <CasesColumn
        items={items}
        filter="running"
        sort="last-change"
        onSortChange={onSort}
        openId={null}
        now={FIXTURE_NOW}
        onOpen={() => {}}
      />
    </div>,
  );
  await expect
    .element(screen.getByRole('heading', { name: /Running \(2 cases\)/ }))
    .toBeVisible();
  const names = screen
    .getByRole('listbox')
    .getByRole('option')
    .elements()
    .map((option) => option.textContent);
  expect(names).toHaveLength(2);
  expect(names[0]).toContain('a');
  await userEvent.selectOptions(
    screen.getByRole('combobox', { name: 'Sort by' }),
    'status',
  );
  expect(onSort).toHaveBeenCalledWith('status');
});
