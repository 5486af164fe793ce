import { afterEach, beforeEach, expect, test } from 'vitest';
import { cleanup, render } from 'vitest-browser-react';
import type { CaseDetail, IpcResult } from '../../../shared/ipc.ts';
import { CaseDetailPane } from '../../../renderer/cases/case-detail-pane.tsx';
import { createFakeOffload } from '../support/fake-offload.ts';
import type { FakeOffload } from '../support/fake-offload.ts';
import {
  FIXTURE_NOW,
  TWO_MESSAGES,
  caseDetail,
  caseView,
  transcriptRecord,
  transcriptText,
} from '../support/fixtures.ts';

let fake: FakeOffload;
let uninstall: () => void;

beforeEach(() => {
  fake = createFakeOffload({
    details: { case_0001: caseDetail(caseView()) },
  });
  uninstall = fake.install();
});

afterEach(async () => {
  await cleanup();
  uninstall();
});

function renderPane(reloadToken = 0, transcriptToken = 0) {
  return render(
    <CaseDetailPane
      caseId="case_0001"
      now={FIXTURE_NOW}
      offline={false}
      reloadToken={reloadToken}
      transcriptToken={transcriptToken}
    />,
  );
}

test('the pane says it is loading until the case arrives, then marks it seen', async () => {
  let answer!: (result: IpcResult<CaseDetail | null>) => void;
  fake.respond(
    'cases.detail',
    () => new Promise((resolve) => (answer = resolve)),
  );
  const screen = await renderPane();
  await expect.element(screen.getByText('Loading case…')).toBeVisible();
  answer({ ok: true, value: caseDetail(caseView()) });
  await expect
    .element(screen.getByRole('heading', { name: 'REF-1001', level: 2 }))
    .toBeVisible();
  expect(fake.callsTo('cases.markSeen')).toEqual([['case_0001']]);
});

test('a failed read is explained and can be tried again', async () => {
  fake.fail('cases.detail', 'store', 'The saved data could not be read.');
  const screen = await renderPane();
  await expect
    .element(screen.getByRole('alert'))
    .toMatchTextContent('The saved data could not be read.');
  fake.respond('cases.detail', () => ({
    ok: true,
    value: caseDetail(caseView()),
  }));
  await screen.getByRole('button', { name: 'Try again' }).click();
  await expect
    .element(screen.getByRole('heading', { name: 'REF-1001', level: 2 }))
    .toBeVisible();
});

test('a case not watched says so and offers to watch it', async () => {
  fake.data.details = {};
  const screen = await renderPane();
  await expect
    .element(screen.getByText(/is not on your watch list/))
    .toBeVisible();
  fake.fail('watch.add', 'invalid-input', 'The case id is not valid.');
  await screen.getByRole('button', { name: 'Watch this case' }).click();
  await expect
    .element(screen.getByRole('alert'))
    .toMatchTextContent('The case was not added: The case id is not valid.');
});

test('a failed Stop watching says so and keeps the case open', async () => {
  fake.fail('watch.remove', 'closed', 'The console is closing.');
  const screen = await renderPane();
  await screen.getByRole('button', { name: 'Stop watching' }).click();
  await expect
    .element(screen.getByRole('alert'))
    .toMatchTextContent('The case is still watched: The console is closing.');
  await expect
    .element(screen.getByRole('heading', { name: 'REF-1001', level: 2 }))
    .toBeVisible();
});

test('Refresh reads the case from Offload and shows a failure in words', async () => {
  const screen = await renderPane();
  const refresh = screen.getByRole('button', { name: 'Refresh', exact: true });
  await refresh.click();
  expect(fake.callsTo('cases.refresh')).toEqual([['case_0001']]);
  fake.fail('cases.refresh', 'offline', 'Offload could not be reached.');
  await refresh.click();
  await expect
    .element(screen.getByRole('alert'))
    .toMatchTextContent('Refresh failed: Offload could not be reached.');
});

test('a transcript never fetched can be fetched, and a failed fetch retried', async () => {
  const screen = await renderPane();
  await expect
    .element(screen.getByText('The transcript has not been fetched yet.'))
    .toBeVisible();
  fake.respond('transcripts.refresh', () => ({
    ok: true,
    value: {
      ok: false,
      error: { kind: 'offline', message: 'Offload could not be reached.' },
    },
  }));
  await screen.getByRole('button', { name: 'Fetch transcript' }).click();
  await expect
    .element(screen.getByRole('alert'))
    .toMatchTextContent('Could not fetch the transcript');

  fake.respond('transcripts.refresh', () => ({
    ok: true,
    value: {
      ok: true,
      transcript: transcriptRecord(transcriptText(TWO_MESSAGES)),
    },
  }));
  await screen.getByRole('button', { name: 'Retry' }).click();
  await expect
    .element(screen.getByRole('article', { name: /Counterparty/ }))
    .toBeVisible();
});

test('a bumped token reads the case and the transcript again', async () => {
  const screen = await renderPane();
  await expect
    .element(screen.getByRole('heading', { name: 'REF-1001', level: 2 }))
    .toBeVisible();
  fake.data.details.case_0001 = caseDetail(
    caseView({ clientReferenceId: 'REF-RENAMED' }),
  );
  fake.data.transcripts.case_0001 = transcriptRecord(
    transcriptText(TWO_MESSAGES),
  );
  await screen.rerender(
    <CaseDetailPane
      caseId="case_0001"
      now={FIXTURE_NOW}
      offline={false}
      reloadToken={1}
      transcriptToken={1}
    />,
  );
  await expect
    .element(screen.getByRole('heading', { name: 'REF-RENAMED', level: 2 }))
    .toBeVisible();
  await expect
    .element(screen.getByRole('article', { name: /Our side/ }))
    .toBeVisible();
});
