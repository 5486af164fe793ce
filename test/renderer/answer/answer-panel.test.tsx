import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { cleanup, render } from 'vitest-browser-react';
import { userEvent } from 'vitest/browser';
import type { IpcResult } from '../../../shared/ipc.ts';
import type { SubmitResult } from '../../../shared/answer-result.ts';
import { AnswerPanel } from '../../../renderer/answer/answer-panel.tsx';
import { createFakeOffload } from '../support/fake-offload.ts';
import type { FakeOffload } from '../support/fake-offload.ts';
import { FIXTURE_NOW, caseView, waitingCaseView } from '../support/fixtures.ts';
import { HOSTILE, hostileElementCreated } from '../support/hostile.ts';

let fake: FakeOffload;
let uninstall: () => void;

beforeEach(() => {
  fake = createFakeOffload();
  uninstall = fake.install();
});

// Unmount first: closing panels flush their drafts through the fake.
afterEach(async () => {
  await cleanup();
  uninstall();
});

function renderPanel(view = waitingCaseView(), onSubmitted = () => {}) {
  return render(
    <AnswerPanel caseId="case_0001" view={view} onSubmitted={onSubmitted} />,
  );
}

const box = (screen: Awaited<ReturnType<typeof renderPanel>>) =>
  screen.getByRole('textbox', { name: 'Your answer' });
const send = (screen: Awaited<ReturnType<typeof renderPanel>>) =>
  screen.getByRole('button', { name: /Send answer|Sending/ });

test('a case that does not wait shows no panel', async () => {
  const screen = await renderPanel(caseView());
  expect(screen.container.textContent).toBe('');
  expect(fake.callsTo('input.draft')).toEqual([]);
});

test('a waiting case shows the question prominently with an empty answer box', async () => {
  const screen = await renderPanel();
  await expect
    .element(screen.getByRole('region', { name: 'Offload needs your input' }))
    .toBeVisible();
  await expect
    .element(screen.getByText('Which invoice number should I quote?'))
    .toBeVisible();
  await expect.element(box(screen)).toHaveValue('');
  await expect.element(send(screen)).toBeDisabled();
});

test('the saved draft is restored when the panel opens', async () => {
  fake.data.drafts['case_0001/ir_1'] = {
    caseId: 'case_0001',
    inputRequestId: 'ir_1',
    text: 'Quote INV-',
    savedAt: FIXTURE_NOW,
  };
  const screen = await renderPanel();
  await expect.element(box(screen)).toHaveValue('Quote INV-');
  expect(fake.callsTo('input.draft')).toEqual([['case_0001', 'ir_1']]);
});

test('the draft is saved as it is typed, once typing pauses', async () => {
  const screen = await renderPanel();
  await box(screen).fill('Quote INV-7');
  await expect
    .poll(() => fake.callsTo('input.saveDraft').at(-1))
    .toEqual(['case_0001', 'ir_1', 'Quote INV-7']);
  expect(fake.data.drafts['case_0001/ir_1']?.text).toBe('Quote INV-7');
});

test('a draft still waiting to be saved is saved when the panel closes', async () => {
  const screen = await renderPanel();
  await box(screen).fill('half a thought');
  screen.unmount();
  expect(fake.callsTo('input.saveDraft').at(-1)).toEqual([
    'case_0001',
    'ir_1',
    'half a thought',
  ]);
});

test('Ctrl+Enter sends; the button is disabled while sending; then it waits for Offload', async () => {
  let answer!: (result: IpcResult<SubmitResult>) => void;
  fake.respond(
    'input.submit',
    () => new Promise((resolve) => (answer = resolve)),
  );
  const onSubmitted = vi.fn<() => void>();
  const screen = await renderPanel(waitingCaseView(), onSubmitted);
  await box(screen).fill('Quote INV-7');
  await userEvent.keyboard('{Control>}{Enter}{/Control}');

  await expect.element(send(screen)).toBeDisabled();
  await expect.element(send(screen)).toHaveTextContent('Sending…');
  expect(fake.callsTo('input.submit')).toEqual([
    ['case_0001', 'ir_1', 'Quote INV-7'],
  ]);

  answer({
    ok: true,
    value: {
      outcome: 'accepted',
      answerId: 3,
      confirmedBy: 'response',
      message: 'Offload accepted the answer.',
      view: undefined,
    },
  });
  await expect
    .element(screen.getByText('Answer sent, waiting for Offload.'))
    .toBeVisible();
  expect(screen.getByRole('textbox').elements()).toHaveLength(0);
  expect(onSubmitted).toHaveBeenCalledOnce();
});

test('while Offload processes an answer the panel says it was sent', async () => {
  const view = waitingCaseView('Which invoice?', {
    inputRequest: {
      id: 'ir_1',
      question: 'Which invoice?',
      status: 'RESOLVED',
      requestedAt: FIXTURE_NOW - 1000,
    },
  });
  const screen = await renderPanel(view);
  await expect
    .element(screen.getByText('Answer sent, waiting for Offload.'))
    .toBeVisible();
  expect(screen.getByRole('textbox').elements()).toHaveLength(0);
});

test.each([
  [
    'case-not-waiting-for-input',
    'Offload says the case is no longer waiting for input (409).',
  ],
  [
    'input-request-mismatch',
    'The question changed while you typed; read the new one (409).',
  ],
])('a %s refusal is explained and the draft is kept', async (kind, message) => {
  fake.respond('input.submit', () => ({
    ok: true,
    value: {
      outcome: 'rejected',
      answerId: 4,
      kind: kind as 'case-not-waiting-for-input',
      message,
      view: undefined,
    },
  }));
  const screen = await renderPanel();
  await box(screen).fill('My answer');
  await send(screen).click();
  await expect.element(screen.getByRole('alert')).toMatchTextContent(message);
  await expect
    .element(screen.getByRole('alert'))
    .toMatchTextContent('Your draft is kept.');
  await expect.element(box(screen)).toHaveValue('My answer');
  await expect.element(send(screen)).toBeEnabled();
});

test('an answer whose fate is unknown says so and keeps the draft', async () => {
  fake.respond('input.submit', () => ({
    ok: true,
    value: {
      outcome: 'not-sent',
      answerId: 5,
      kind: 'offline',
      message: 'Offload could not be reached; the answer was not sent.',
      view: undefined,
    },
  }));
  const screen = await renderPanel();
  await box(screen).fill('My answer');
  await send(screen).click();
  await expect
    .element(screen.getByRole('alert'))
    .toMatchTextContent('the answer was not sent');
  await expect.element(box(screen)).toHaveValue('My answer');
});

test('a failed call is explained in its own words', async () => {
  fake.fail('input.submit', 'invalid-arguments', 'The answer is too long.');
  const screen = await renderPanel();
  await box(screen).fill('x');
  await send(screen).click();
  await expect
    .element(screen.getByRole('alert'))
    .toMatchTextContent('The answer is too long.');
});

test('a draft that cannot be saved says so', async () => {
  fake.fail('input.saveDraft', 'store', 'The disk is full.');
  const screen = await renderPanel();
  await box(screen).fill('x');
  await expect
    .element(
      screen.getByText('The draft could not be saved: The disk is full.'),
    )
    .toBeVisible();
});

test('a hostile question is shown as text', async () => {
  const screen = await renderPanel(waitingCaseView(HOSTILE));
  await expect.element(screen.getByText(HOSTILE)).toBeVisible();
  expect(hostileElementCreated()).toBe(false);
});
