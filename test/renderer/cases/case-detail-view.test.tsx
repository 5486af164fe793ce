import { expect, test, vi } from 'vitest';
import { render } from 'vitest-browser-react';
import type { CaseDetail } from '../../../shared/ipc.ts';
import { NOTHING_SCHEDULED } from '../../../shared/offload/case-rules.ts';
import { CaseDetailView } from '../../../renderer/cases/case-detail-view.tsx';
import {
  FIXTURE_NOW,
  caseDetail,
  caseView,
  watchedCase,
} from '../support/fixtures.ts';
import { HOSTILE, hostileElementCreated } from '../support/hostile.ts';

function renderDetail(
  detail: CaseDetail,
  extra: Partial<Parameters<typeof CaseDetailView>[0]> = {},
) {
  return render(
    <CaseDetailView
      detail={detail}
      now={FIXTURE_NOW}
      refreshing={false}
      refreshError={null}
      onRefresh={() => {}}
      {...extra}
    />,
  );
}

test('the detail shows the goal, counterparty, persona, constraints and progress', async () => {
  const screen = await renderDetail(caseDetail(caseView({ attemptCount: 2 })));
  await expect
    .element(screen.getByRole('heading', { name: 'REF-1001', level: 2 }))
    .toBeVisible();
  await expect.element(screen.getByText('Running')).toBeVisible();
  await expect
    .element(screen.getByText(/Get the March invoice corrected/))
    .toBeVisible();
  await expect
    .element(screen.getByText(/Agreed price is 40 EUR/))
    .toBeVisible();
  await expect.element(screen.getByText('billing@acme.example')).toBeVisible();
  await expect.element(screen.getByText('Acme Corp')).toBeVisible();
  await expect.element(screen.getByText('Sam Support')).toBeVisible();
  await expect.element(screen.getByText('Support lead')).toBeVisible();
  await expect
    .element(screen.getByText('Do not promise a refund'))
    .toBeVisible();
  await expect
    .element(screen.getByText('2 e-mails sent (1 of 3 follow-ups)'))
    .toBeVisible();
  await expect
    .element(screen.getByRole('status').filter({ hasText: /Last fetched/ }))
    .toMatchTextContent('Last fetched 30 s ago');
});

test('"nothing scheduled" is said in words, never as the year 9999', async () => {
  const screen = await renderDetail(
    caseDetail(caseView({ nextActionAt: NOTHING_SCHEDULED })),
  );
  await expect.element(screen.getByText('Nothing scheduled')).toBeVisible();
  expect(screen.container.textContent).not.toContain('9999');
});

test('the result status is in words with the raw value beside it', async () => {
  const screen = await renderDetail(
    caseDetail(
      caseView({
        status: 'COMPLETED',
        resultStatus: 'max_retries',
        result: {
          invoice: { number: 'INV-7', corrected: true },
          lines: [1, 2],
        },
      }),
    ),
  );
  await expect
    .element(screen.getByText('No reply after every follow-up'))
    .toBeVisible();
  await expect.element(screen.getByText('max_retries')).toBeVisible();
  await expect.element(screen.getByText('"INV-7"')).toBeVisible();

  // The JSON folds: closing "invoice" hides its fields.
  await screen.getByText('invoice', { exact: true }).click();
  await expect.element(screen.getByText('"INV-7"')).not.toBeVisible();
  await expect.element(screen.getByText('{2 fields}').first()).toBeVisible();
});

test('an unknown result status is shown as it came', async () => {
  const screen = await renderDetail(
    caseDetail(caseView({ status: 'FAILED', resultStatus: 'NEW_THING' })),
  );
  await expect.element(screen.getByText('NEW_THING').first()).toBeVisible();
});

test('the failure reason from a webhook is shown when the timeline has it', async () => {
  const screen = await renderDetail(
    caseDetail(caseView({ status: 'FAILED', resultStatus: 'BOUNCED' }), {
      timeline: [
        {
          id: 'evt_1',
          caseId: 'case_0001',
          type: 'case.failed',
          at: FIXTURE_NOW - 1000,
          details: { resultStatus: 'BOUNCED', failureReason: 'Mailbox full' },
        },
      ],
    }),
  );
  await expect.element(screen.getByText('Mailbox full')).toBeVisible();
  await expect
    .element(screen.getByText('Failed: The e-mail bounced'))
    .toBeVisible();
});

test('the timeline lists events and answers sent from here, newest first', async () => {
  const screen = await renderDetail(
    caseDetail(caseView(), {
      timeline: [
        {
          id: 'evt_a',
          caseId: 'case_0001',
          type: 'case.changed',
          at: FIXTURE_NOW - 3000,
          details: { firstSeen: true },
        },
        {
          id: 'evt_b',
          caseId: 'case_0001',
          type: 'case.status_changed',
          at: FIXTURE_NOW - 1000,
          details: { from: 'INPUT_NEEDED', to: 'RUNNING' },
        },
      ],
      answers: [
        {
          id: 7,
          caseId: 'case_0001',
          inputRequestId: 'ir_1',
          text: 'Quote INV-7 please',
          who: 'alex',
          at: FIXTURE_NOW - 2000,
          outcome: 'accepted',
        },
      ],
    }),
  );
  const items = screen
    .getByRole('region', { name: 'Timeline' })
    .getByRole('listitem')
    .elements()
    .map((item) => item.textContent ?? '');
  expect(items).toHaveLength(3);
  expect(items[0]).toContain('Status changed from Needs input to Running');
  expect(items[1]).toContain('Answer sent from here by alex: accepted');
  expect(items[1]).toContain('Quote INV-7 please');
  expect(items[2]).toContain('First read from Offload');
});

test('copy buttons put the case id and the reference on the clipboard', async () => {
  const writeText = vi
    .spyOn(navigator.clipboard, 'writeText')
    .mockResolvedValue(undefined);
  const screen = await renderDetail(caseDetail(caseView()));
  await screen.getByRole('button', { name: 'Copy case id' }).click();
  expect(writeText).toHaveBeenLastCalledWith('case_0001');
  await expect.element(screen.getByText('Copied').first()).toBeVisible();
  await screen.getByRole('button', { name: 'Copy client reference' }).click();
  expect(writeText).toHaveBeenLastCalledWith('REF-1001');
  writeText.mockRestore();
});

test('a copy that fails says so', async () => {
  const writeText = vi
    .spyOn(navigator.clipboard, 'writeText')
    .mockRejectedValue(new Error('denied'));
  const screen = await renderDetail(caseDetail(caseView()));
  await screen.getByRole('button', { name: 'Copy case id' }).click();
  await expect.element(screen.getByText('Could not copy')).toBeVisible();
  writeText.mockRestore();
});

test('refresh calls back, is disabled while running, and a failure is shown', async () => {
  const onRefresh = vi.fn<() => void>();
  const screen = await renderDetail(caseDetail(caseView()), { onRefresh });
  await screen.getByRole('button', { name: 'Refresh', exact: true }).click();
  expect(onRefresh).toHaveBeenCalledOnce();

  screen.rerender(
    <CaseDetailView
      detail={caseDetail(caseView())}
      now={FIXTURE_NOW}
      refreshing
      refreshError={null}
      onRefresh={onRefresh}
    />,
  );
  await expect
    .element(screen.getByRole('button', { name: 'Refresh', exact: true }))
    .toBeDisabled();
  await expect.element(screen.getByText('Refreshing…')).toBeVisible();

  screen.rerender(
    <CaseDetailView
      detail={caseDetail(caseView())}
      now={FIXTURE_NOW}
      refreshing={false}
      refreshError="Offload could not be reached."
      onRefresh={onRefresh}
    />,
  );
  await expect
    .element(screen.getByRole('alert'))
    .toMatchTextContent('Refresh failed: Offload could not be reached.');
});

test.each([
  ['not-found', /does not know this case id/],
  ['forbidden', /belongs to another Offload account/],
  [null, /has not been read from Offload yet/],
] as const)(
  'a case never read with flag %s explains itself',
  async (flag, words) => {
    const screen = await renderDetail(
      caseDetail(null, { watched: watchedCase('case_0001', { flag }) }),
    );
    await expect.element(screen.getByText(words)).toBeVisible();
    await expect.element(screen.getByText('Never fetched')).toBeVisible();
  },
);

test('a failed last read is shown with its reason', async () => {
  const detail = caseDetail(caseView());
  detail.syncState.lastError = {
    kind: 'offline',
    message: 'Offload could not be reached.',
    at: FIXTURE_NOW - 5000,
  };
  const screen = await renderDetail(detail);
  await expect
    .element(screen.getByText(/The last read failed .*could not be reached/))
    .toBeVisible();
});

test('hostile text in every field is rendered as text', async () => {
  const view = caseView({
    clientReferenceId: HOSTILE,
    goal: { objective: HOSTILE, knowledge: { [HOSTILE]: HOSTILE } },
    counterparty: {
      name: HOSTILE,
      address: HOSTILE,
      customData: { x: HOSTILE },
    },
    senderPersona: { name: HOSTILE, role: HOSTILE },
    constraints: [HOSTILE],
    resultStatus: HOSTILE,
    result: { note: HOSTILE },
  });
  const screen = await renderDetail(
    caseDetail(view, {
      timeline: [
        {
          id: 'e',
          caseId: 'case_0001',
          type: 'case.input_needed',
          at: FIXTURE_NOW,
          details: { question: HOSTILE, failureReason: HOSTILE },
        },
      ],
    }),
  );
  await expect
    .element(screen.getByRole('heading', { level: 2 }))
    .toHaveTextContent(HOSTILE);
  expect(screen.container.textContent?.split(HOSTILE).length).toBeGreaterThan(
    8,
  );
  expect(hostileElementCreated()).toBe(false);
});
