import { afterEach, beforeEach, expect, test } from 'vitest';
import { cleanup, render } from 'vitest-browser-react';
import { userEvent } from 'vitest/browser';
import type { CaseListItem } from '../../../shared/case-data.ts';
import type { IpcResult } from '../../../shared/ipc.ts';
import { App } from '../../../renderer/app/app.tsx';
import { createFakeOffload } from '../support/fake-offload.ts';
import type { FakeOffload } from '../support/fake-offload.ts';
import { axeViolations } from '../support/axe-check.ts';
import {
  FIXTURE_NOW,
  TWO_MESSAGES,
  caseDetail,
  caseView,
  configuredKey,
  listItem,
  settingsWithProfile,
  transcriptRecord,
  transcriptText,
  waitingCaseView,
} from '../support/fixtures.ts';
import '../../../renderer/styles/tokens.css';
import '../../../renderer/styles/base.css';

let fake: FakeOffload;
let uninstall: () => void;

const RUNNING = caseView();
const WAITING = waitingCaseView('Which invoice number should I quote?', {
  caseId: 'case_0002',
  clientReferenceId: 'REF-1002',
  updatedAt: FIXTURE_NOW - 5_000,
});

beforeEach(() => {
  fake = createFakeOffload({
    cases: [
      listItem(RUNNING),
      listItem(WAITING, { unseen: true }),
      listItem(null, { caseId: 'case_gone', flag: 'not-found' }),
    ],
    details: {
      case_0001: caseDetail(RUNNING),
      case_0002: caseDetail(WAITING),
    },
    transcripts: {
      case_0001: transcriptRecord(transcriptText(TWO_MESSAGES)),
    },
  });
  uninstall = fake.install();
});

afterEach(async () => {
  await cleanup();
  uninstall();
  delete document.documentElement.dataset.theme;
});

const clock = () => FIXTURE_NOW;

function renderApp() {
  return render(
    <div style={{ height: 800, width: 1280 }}>
      <App clock={clock} />
    </div>,
  );
}

test('without a profile the first-run set-up is shown', async () => {
  fake.data.info = { ...fake.data.info, profile: null };
  const screen = await renderApp();
  await expect
    .element(screen.getByRole('heading', { name: 'Set up Offload Console' }))
    .toBeVisible();
  expect(fake.callsTo('cases.list')).toEqual([]);
});

test('without a key the first-run set-up is shown', async () => {
  fake.data.keyStatus = configuredKey({ configured: false, source: 'none' });
  const screen = await renderApp();
  await expect
    .element(screen.getByRole('heading', { name: 'Set up Offload Console' }))
    .toBeVisible();
  expect(fake.callsTo('keys.status')).toEqual([['work']]);
});

test('the frame shows sync state, profile, filters with counts and the cases', async () => {
  const screen = await renderApp();
  await expect.element(screen.getByText('Synced 12 s ago')).toBeVisible();
  await expect.element(screen.getByRole('banner')).toMatchTextContent('Work');
  const filters = screen.getByRole('navigation', { name: 'Case filters' });
  await expect
    .element(filters.getByRole('button', { name: 'All cases 3' }))
    .toHaveAttribute('aria-pressed', 'true');
  await expect
    .element(filters.getByRole('button', { name: 'Needs input 1' }))
    .toBeVisible();
  await expect
    .element(filters.getByRole('button', { name: 'Not found or forbidden 1' }))
    .toBeVisible();
  expect(
    screen.getByRole('listbox').getByRole('option').elements(),
  ).toHaveLength(3);

  await filters.getByRole('button', { name: 'Needs input 1' }).click();
  await expect
    .element(screen.getByRole('heading', { name: /Needs input \(1 case\)/ }))
    .toBeVisible();
  expect(
    screen.getByRole('listbox').getByRole('option').elements(),
  ).toHaveLength(1);
});

test('opening a case shows its detail, marks it seen and offers the answer', async () => {
  const screen = await renderApp();
  await screen.getByRole('option', { name: /REF-1002/ }).click();
  const detail = screen.getByRole('complementary', { name: 'Case detail' });
  await expect
    .element(detail.getByRole('heading', { name: 'REF-1002', level: 2 }))
    .toBeVisible();
  await expect
    .element(detail.getByRole('region', { name: 'Offload needs your input' }))
    .toBeVisible();
  await expect
    .poll(() => fake.callsTo('cases.markSeen'))
    .toEqual([['case_0002']]);
  await expect
    .element(screen.getByRole('option', { name: /REF-1002/ }))
    .not.toMatchTextContent('Changed since you looked');
});

test('the first screen of cases shows before the whole list arrives', async () => {
  let whole!: (result: IpcResult<CaseListItem[]>) => void;
  const all = fake.data.cases;
  fake.respond('cases.list', (options) =>
    options
      ? { ok: true, value: all.slice(0, options.first === 60 ? 1 : 0) }
      : new Promise((resolve) => (whole = resolve)),
  );
  const screen = await renderApp();
  // One case so far; the counts wait for the whole list.
  await expect
    .element(screen.getByRole('listbox').getByRole('option'))
    .toBeVisible();
  await expect
    .element(screen.getByRole('heading', { name: /loading the rest/ }))
    .toBeVisible();
  await expect
    .element(screen.getByRole('button', { name: /All cases counting/ }))
    .toBeVisible();
  expect(fake.callsTo('cases.list')).toEqual([[{ first: 60 }], []]);
  whole({ ok: true, value: all });
  await expect
    .element(screen.getByRole('heading', { name: /All cases \(3 cases\)/ }))
    .toBeVisible();
  await expect
    .element(screen.getByRole('button', { name: 'All cases 3' }))
    .toBeVisible();
});

test('the keyboard alone opens a case from the list', async () => {
  const screen = await renderApp();
  const list = screen.getByRole('listbox');
  await expect.element(list).toBeVisible();
  list.element().focus();
  await userEvent.keyboard('j{Enter}');
  await expect
    .element(
      screen
        .getByRole('complementary', { name: 'Case detail' })
        .getByRole('heading', { level: 2 }),
    )
    .toBeVisible();
  expect(fake.callsTo('cases.detail')).toHaveLength(1);
});

test('"/" focuses search, Enter shows results, and "Back to cases" returns', async () => {
  const screen = await renderApp();
  await expect.element(screen.getByRole('listbox')).toBeVisible();
  await userEvent.keyboard('/');
  const search = screen.getByRole('searchbox', {
    name: 'Search cases and transcripts',
  });
  await expect.element(search).toHaveFocus();
  await userEvent.keyboard('invoice{Enter}');
  await expect
    .element(screen.getByRole('heading', { name: 'Results for “invoice”' }))
    .toBeVisible();
  await expect.poll(() => fake.callsTo('search.query')[0]?.[0]).toBe('invoice');
  await screen.getByRole('button', { name: 'Back to cases' }).click();
  await expect.element(screen.getByRole('listbox')).toBeVisible();
});

test('"/" typed into a text field stays text', async () => {
  const screen = await renderApp();
  await screen.getByRole('option', { name: /REF-1002/ }).click();
  const answer = screen.getByRole('textbox', { name: 'Your answer' });
  await answer.click();
  await userEvent.keyboard('a/b');
  await expect.element(answer).toHaveValue('a/b');
});

test('Settings shows the settings screen, and closing it returns', async () => {
  const screen = await renderApp();
  await screen.getByRole('button', { name: 'Settings' }).click();
  await expect
    .element(screen.getByRole('heading', { name: 'Settings', level: 1 }))
    .toBeVisible();
  await screen.getByRole('button', { name: 'Close settings' }).click();
  await expect.element(screen.getByRole('listbox')).toBeVisible();
});

test('"Add cases" opens the add-cases dialog', async () => {
  const screen = await renderApp();
  await screen.getByRole('button', { name: 'Add cases' }).click();
  await expect.element(screen.getByRole('dialog')).toBeVisible();
});

test('with no cases the list invites adding some', async () => {
  fake.data.cases = [];
  const screen = await renderApp();
  await expect
    .element(screen.getByRole('heading', { name: 'No cases watched yet' }))
    .toBeVisible();
});

test('offline, a banner says saved data is shown and offers to try again', async () => {
  fake.data.syncState = {
    connection: 'offline',
    lastSyncAt: FIXTURE_NOW - 600_000,
    lastError: { kind: 'offline', message: 'connection refused' },
  };
  const screen = await renderApp();
  await expect
    .element(screen.getByText('Offline, showing saved data'))
    .toBeVisible();
  await expect
    .element(screen.getByText(/Everything\s+saved stays browsable/))
    .toBeVisible();
  await screen.getByRole('button', { name: 'Try again' }).click();
  expect(fake.callsTo('sync.refreshAll')).toHaveLength(1);
});

test('sync-state events update the header in words', async () => {
  const screen = await renderApp();
  await expect.element(screen.getByText('Synced 12 s ago')).toBeVisible();
  fake.emit('sync', {
    type: 'sync-state',
    state: { connection: 'key-rejected', lastSyncAt: null },
  });
  await expect.element(screen.getByText('API key rejected')).toBeVisible();
  fake.emit('sync', {
    type: 'sync-state',
    state: { connection: 'no-key', lastSyncAt: null },
  });
  await expect.element(screen.getByText('No API key')).toBeVisible();
});

test('a changed case reloads the list and the open detail', async () => {
  const screen = await renderApp();
  await screen.getByRole('option', { name: /REF-1001/ }).click();
  await expect.poll(() => fake.callsTo('cases.detail')).toHaveLength(1);
  const listReads = fake.callsTo('cases.list').length;

  const completed = caseView({
    status: 'COMPLETED',
    resultStatus: 'goal_achieved',
  });
  fake.data.cases = [listItem(completed), ...fake.data.cases.slice(1)];
  fake.data.details.case_0001 = caseDetail(completed);
  fake.emit('sync', {
    type: 'completed',
    caseId: 'case_0001',
    view: completed,
  });

  await expect
    .element(screen.getByRole('complementary').getByText('Goal achieved'))
    .toBeVisible();
  await expect
    .poll(() => fake.callsTo('cases.list').length)
    .toBeGreaterThan(listReads);
  await expect
    .element(screen.getByRole('option', { name: /REF-1001/ }))
    .toMatchTextContent('Completed');
});

test('a new transcript for the open case is read again', async () => {
  const screen = await renderApp();
  await screen.getByRole('option', { name: /REF-1001/ }).click();
  await expect
    .element(screen.getByRole('article', { name: /Counterparty/ }))
    .toBeVisible();
  fake.data.transcripts.case_0001 = transcriptRecord(
    transcriptText([
      ...TWO_MESSAGES,
      {
        name: 'Acme Billing',
        address: 'billing@acme.example',
        timestamp: '2026-03-20T18:25:00.000Z',
        body: 'Fixed it, new invoice attached.',
      },
    ]),
    { fetchedAt: FIXTURE_NOW },
  );
  fake.emit('sync', {
    type: 'transcript-updated',
    caseId: 'case_0001',
    caseUpdatedAt: FIXTURE_NOW,
  });
  await expect
    .element(screen.getByText('Fixed it, new invoice attached.'))
    .toBeVisible();
});

test('an open-case request from a notification opens that case', async () => {
  const screen = await renderApp();
  await expect.element(screen.getByRole('listbox')).toBeVisible();
  fake.emit('open-case', { caseId: 'case_0002', watched: true });
  await expect
    .element(
      screen
        .getByRole('complementary', { name: 'Case detail' })
        .getByRole('heading', { name: 'REF-1002', level: 2 }),
    )
    .toBeVisible();
});

test('Stop watching removes the open case, and Undo puts it back', async () => {
  const removed = caseDetail(WAITING).watched;
  fake.respond('watch.remove', () => ({
    ok: true,
    value: { removed: [removed] },
  }));
  const screen = await renderApp();
  await screen.getByRole('option', { name: /REF-1002/ }).click();
  const detail = screen.getByRole('complementary', { name: 'Case detail' });
  await detail.getByRole('button', { name: 'Stop watching' }).click();
  expect(fake.callsTo('watch.remove')).toEqual([[['case_0002']]]);
  await expect
    .element(detail.getByText('Choose a case to see its details.'))
    .toBeVisible();
  const toast = screen.getByRole('status').filter({ hasText: 'Removed' });
  await expect.element(toast).toMatchTextContent('Removed REF-1002');
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect
    .poll(() => fake.callsTo('watch.restore'))
    .toEqual([[[expect.objectContaining({ caseId: 'case_0002' })]]]);
  // Undone: the toast goes and the case is open again.
  await expect
    .element(detail.getByRole('heading', { name: 'REF-1002', level: 2 }))
    .toBeVisible();
  await expect
    .element(screen.getByText('Removed REF-1002'))
    .not.toBeInTheDocument();
});

test('a linked case nobody watches can be watched from its pane', async () => {
  const screen = await renderApp();
  await expect.element(screen.getByRole('listbox')).toBeVisible();
  fake.emit('open-case', { caseId: 'case_0003', watched: false });
  const detail = screen.getByRole('complementary', { name: 'Case detail' });
  await expect
    .element(detail.getByText(/is not on your watch list/))
    .toBeVisible();
  const later = caseView({
    caseId: 'case_0003',
    clientReferenceId: 'REF-1003',
  });
  fake.data.details = { ...fake.data.details, case_0003: caseDetail(later) };
  await detail.getByRole('button', { name: 'Watch this case' }).click();
  expect(fake.callsTo('watch.add')).toEqual([
    [{ text: 'case_0003', source: 'deep-link' }],
  ]);
  await expect
    .element(detail.getByRole('heading', { name: 'REF-1003', level: 2 }))
    .toBeVisible();
});

test('the theme follows the settings, and changes with them', async () => {
  fake.data.settings = settingsWithProfile({ theme: 'dark' });
  const screen = await renderApp();
  await expect.element(screen.getByText('Synced 12 s ago')).toBeVisible();
  await expect.poll(() => document.documentElement.dataset.theme).toBe('dark');
  fake.emit('settings', settingsWithProfile({ theme: 'light' }));
  await expect.poll(() => document.documentElement.dataset.theme).toBe('light');
});

test('frame, list and detail have no serious accessibility problems in either theme', async () => {
  const screen = await renderApp();
  await screen.getByRole('option', { name: /REF-1002/ }).click();
  await expect
    .element(screen.getByRole('region', { name: 'Offload needs your input' }))
    .toBeVisible();
  expect(await axeViolations(screen.container)).toEqual([]);

  await screen.getByRole('option', { name: /REF-1001/ }).click();
  await expect
    .element(screen.getByRole('article', { name: /Counterparty/ }))
    .toBeVisible();
  await screen
    .getByRole('searchbox', { name: 'Find in transcript' })
    .fill('invoice');
  await expect.element(screen.getByText('1 of 2')).toBeVisible();
  expect(await axeViolations(screen.container)).toEqual([]);
});

test('the offline frame and a sync error pass the same check', async () => {
  fake.data.syncState = {
    connection: 'offline',
    lastSyncAt: FIXTURE_NOW - 600_000,
    lastError: { kind: 'offline', message: 'connection refused' },
  };
  const failing = caseDetail(RUNNING);
  failing.syncState.lastError = {
    kind: 'offline',
    message: 'connection refused',
    at: FIXTURE_NOW - 60_000,
  };
  fake.data.details.case_0001 = failing;
  const screen = await renderApp();
  await screen.getByRole('option', { name: /REF-1001/ }).click();
  await expect
    .element(screen.getByText(/Offline: showing the copy saved/))
    .toBeVisible();
  expect(await axeViolations(screen.container)).toEqual([]);
});

test('a transcript search hit opens the case with the match found', async () => {
  fake.data.searchHits = [
    {
      caseId: 'case_0001',
      field: 'transcript',
      snippet: `the March \u{E000}invoice\u{E001} shows 50 EUR`,
    },
  ];
  const screen = await renderApp();
  await expect.element(screen.getByRole('listbox')).toBeVisible();
  await screen
    .getByRole('searchbox', { name: 'Search cases and transcripts' })
    .fill('invoice');
  await userEvent.keyboard('{Enter}');
  await screen.getByRole('option', { name: /case_0001/ }).click();
  const detail = screen.getByRole('complementary', { name: 'Case detail' });
  await expect
    .element(detail.getByRole('searchbox', { name: 'Find in transcript' }))
    .toHaveValue('invoice');
  await expect.element(detail.getByText('1 of 2')).toBeVisible();
});
