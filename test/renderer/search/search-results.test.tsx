import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { render } from 'vitest-browser-react';
import { userEvent } from 'vitest/browser';
import {
  SEARCH_MARK_END as END,
  SEARCH_MARK_START as START,
} from '../../../shared/case-data.ts';
import type { SearchHit } from '../../../shared/case-data.ts';
import { SearchResults } from '../../../renderer/search/search-results.tsx';
import { createFakeOffload } from '../support/fake-offload.ts';
import type { FakeOffload } from '../support/fake-offload.ts';
import { axeViolations } from '../support/axe-check.ts';

function ignoreOpen(): void {}

let fake: FakeOffload;
let uninstall: () => void;

const HITS: SearchHit[] = [
  {
    caseId: 'case_0001',
    field: 'transcript',
    snippet: `please fix the ${START}invoice${END} for March`,
  },
  {
    caseId: 'case_0002',
    field: 'clientReferenceId',
    snippet: `REF-${START}invoice${END}-7`,
  },
  {
    caseId: 'case_0003',
    field: 'objective',
    snippet: `Get the ${START}invoice${END} corrected`,
  },
];

beforeEach(() => {
  fake = createFakeOffload({ searchHits: HITS });
  uninstall = fake.install();
});

afterEach(() => uninstall());

test('an empty query asks nothing and says what search covers', async () => {
  const screen = await render(<SearchResults query="  " onOpen={() => {}} />);
  await expect
    .element(screen.getByText(/type to search every saved transcript/i))
    .toBeVisible();
  expect(fake.callsTo('search.query')).toEqual([]);
});

test('matches show their field, case and snippet with marked words', async () => {
  const screen = await render(
    <SearchResults query="invoice" onOpen={() => {}} />,
  );
  await expect.element(screen.getByText('3 matches')).toBeVisible();
  expect(fake.callsTo('search.query')[0]?.[0]).toBe('invoice');
  const options = screen.getByRole('option');
  expect(options.elements()).toHaveLength(3);
  await expect.element(options.nth(0)).toMatchTextContent(/Transcript/);
  await expect.element(options.nth(0)).toMatchTextContent(/case_0001/);
  await expect.element(options.nth(1)).toMatchTextContent(/Client reference/);
  const marks = screen.container.querySelectorAll('mark');
  expect([...marks].map((mark) => mark.textContent)).toEqual([
    'invoice',
    'invoice',
    'invoice',
  ]);
  expect(screen.container.textContent).not.toContain(START);
  expect(screen.container.textContent).not.toContain(END);
});

test('no matches says so with the query', async () => {
  fake.data.searchHits = [];
  const screen = await render(
    <SearchResults query="zebra" onOpen={() => {}} />,
  );
  await expect
    .element(screen.getByText('No matches for “zebra”.'))
    .toBeVisible();
  expect(screen.getByRole('listbox').elements()).toHaveLength(0);
});

test('a failed search says why and searches again on request', async () => {
  fake.fail('search.query', 'internal', 'The store is locked.');
  const screen = await render(
    <SearchResults query="invoice" onOpen={() => {}} />,
  );
  await expect
    .element(screen.getByRole('alert'))
    .toMatchTextContent(/The search failed: The store is locked\./);
  fake.respond('search.query', () => ({ ok: true, value: HITS }));
  await screen.getByRole('button', { name: 'Search again' }).click();
  await expect.element(screen.getByText('3 matches')).toBeVisible();
  expect(fake.callsTo('search.query')).toHaveLength(2);
});

test('while the answer is awaited the results say searching', async () => {
  let answer: ((value: SearchHit[]) => void) | undefined;
  fake.respond(
    'search.query',
    () =>
      new Promise((resolve) => {
        answer = (value) => resolve({ ok: true, value });
      }),
  );
  const screen = await render(
    <SearchResults query="invoice" onOpen={() => {}} />,
  );
  await expect.element(screen.getByText('Searching…')).toBeVisible();
  await vi.waitFor(() => expect(fake.callsTo('search.query')).toHaveLength(1));
  answer?.(HITS);
  await expect.element(screen.getByText('3 matches')).toBeVisible();
});

test('an answer to an older query never replaces the newer one', async () => {
  const answers: ((value: SearchHit[]) => void)[] = [];
  fake.respond(
    'search.query',
    () =>
      new Promise((resolve) => {
        answers.push((value) => resolve({ ok: true, value }));
      }),
  );
  const screen = await render(
    <SearchResults query="inv" onOpen={ignoreOpen} />,
  );
  await vi.waitFor(() => expect(answers).toHaveLength(1));
  await screen.rerender(<SearchResults query="invoice" onOpen={ignoreOpen} />);
  await vi.waitFor(() => expect(answers).toHaveLength(2));
  answers[1]?.([HITS[0]!]);
  await expect.element(screen.getByText('1 match')).toBeVisible();
  answers[0]?.(HITS);
  await new Promise((resolve) => setTimeout(resolve, 50));
  await expect.element(screen.getByText('1 match')).toBeVisible();
  expect(screen.getByRole('option').elements()).toHaveLength(1);
});

test('arrows, j/k, Home/End move through matches and Enter opens one', async () => {
  const opened: [string, SearchHit][] = [];
  const screen = await render(
    <SearchResults
      query="invoice"
      onOpen={(caseId, hit) => opened.push([caseId, hit])}
    />,
  );
  const list = screen.getByRole('listbox', { name: 'Matches' });
  await expect.element(list).toBeVisible();
  (list.element() as HTMLElement).focus();
  const options = screen.getByRole('option');
  await expect.element(options.nth(0)).toHaveAttribute('aria-selected', 'true');

  await userEvent.keyboard('{ArrowDown}');
  await expect.element(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await userEvent.keyboard('j');
  await expect.element(options.nth(2)).toHaveAttribute('aria-selected', 'true');
  await userEvent.keyboard('{ArrowDown}');
  await expect.element(options.nth(2)).toHaveAttribute('aria-selected', 'true');
  await userEvent.keyboard('k');
  await expect.element(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await userEvent.keyboard('{Home}');
  await expect.element(options.nth(0)).toHaveAttribute('aria-selected', 'true');
  await userEvent.keyboard('{End}');
  await expect.element(options.nth(2)).toHaveAttribute('aria-selected', 'true');
  await userEvent.keyboard('{ArrowUp}');
  await userEvent.keyboard('{Enter}');

  expect(opened).toEqual([['case_0002', HITS[1]]]);
  expect(list.element().getAttribute('aria-activedescendant')).toBe(
    options.nth(1).element().id,
  );
});

test('clicking a match opens its case', async () => {
  const opened: string[] = [];
  const screen = await render(
    <SearchResults query="invoice" onOpen={(caseId) => opened.push(caseId)} />,
  );
  await screen.getByRole('option').nth(2).click();
  expect(opened).toEqual(['case_0003']);
});

test('hostile text in snippets and ids is shown as text', async () => {
  const hostile = '<img src=x onerror="window.offloadPwned=1">';
  fake.data.searchHits = [
    {
      caseId: 'case_<b>x</b>',
      field: 'transcript',
      snippet: `${hostile} ${START}${hostile}${END}`,
    },
  ];
  const screen = await render(
    <SearchResults query={hostile} onOpen={() => {}} />,
  );
  await expect.element(screen.getByText('1 match')).toBeVisible();
  expect(screen.container.querySelector('img')).toBeNull();
  expect(screen.container.querySelector('b')).toBeNull();
  expect(screen.container.querySelector('mark')?.textContent).toBe(hostile);
  expect(screen.container.textContent).toContain(`Results for “${hostile}”`);
  expect((window as { offloadPwned?: number }).offloadPwned).toBeUndefined();
});

test('the results have no serious accessibility violations', async () => {
  const screen = await render(
    <SearchResults query="invoice" onOpen={() => {}} />,
  );
  await expect.element(screen.getByText('3 matches')).toBeVisible();
  expect(await axeViolations(screen.container)).toEqual([]);
});
