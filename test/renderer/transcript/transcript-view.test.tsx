import { expect, test, vi } from 'vitest';
import { render } from 'vitest-browser-react';
import { userEvent } from 'vitest/browser';
import type { Opened, SavedFile } from '../../../shared/ipc.ts';
import { TranscriptView } from '../../../renderer/transcript/transcript-view.tsx';
import type { TranscriptState } from '../../../renderer/transcript/transcript-view.tsx';
import {
  TWO_MESSAGES,
  transcriptRecord,
  transcriptText,
} from '../support/fixtures.ts';
import type { FixtureMessage } from '../support/fixtures.ts';
import { HOSTILE, hostileElementCreated } from '../support/hostile.ts';

interface Options {
  offline?: boolean;
  initialQuery?: string;
  onRefresh?: () => void;
  onExport?: () => Promise<SavedFile>;
  onOpenLink?: (url: string) => Promise<Opened>;
}

function renderTranscript(state: TranscriptState, options: Options = {}) {
  return render(
    <TranscriptView
      state={state}
      offline={options.offline ?? false}
      counterpartyAddress="billing@acme.example"
      initialQuery={options.initialQuery}
      onRefresh={options.onRefresh ?? (() => {})}
      onExport={
        options.onExport ?? (() => Promise.resolve({ path: '/tmp/t.txt' }))
      }
      onOpenLink={
        options.onOpenLink ?? (() => Promise.resolve({ opened: true }))
      }
    />,
  );
}

const SAVED: TranscriptState = {
  kind: 'saved',
  record: transcriptRecord(transcriptText(TWO_MESSAGES)),
};

test('before the first fetch it says so and offers to fetch', async () => {
  const onRefresh = vi.fn<() => void>();
  const screen = await renderTranscript({ kind: 'not-fetched' }, { onRefresh });
  await expect
    .element(screen.getByText('The transcript has not been fetched yet.'))
    .toBeVisible();
  await screen.getByRole('button', { name: 'Fetch transcript' }).click();
  expect(onRefresh).toHaveBeenCalledOnce();
});

test('while loading it says so and refresh waits', async () => {
  const screen = await renderTranscript({ kind: 'loading', saved: null });
  await expect.element(screen.getByText('Loading transcript…')).toBeVisible();
  await expect
    .element(screen.getByRole('button', { name: 'Refresh transcript' }))
    .toBeDisabled();
});

test('a case with no thread yet says there is none', async () => {
  const screen = await renderTranscript({
    kind: 'saved',
    record: transcriptRecord(null),
  });
  await expect.element(screen.getByText(/No thread yet/)).toBeVisible();
  expect(screen.getByRole('article').elements()).toHaveLength(0);
});

test('a failed fetch is explained, can be retried, and keeps the saved copy', async () => {
  const onRefresh = vi.fn<() => void>();
  const screen = await renderTranscript(
    {
      kind: 'failed',
      message: 'Offload could not be reached.',
      saved: transcriptRecord(transcriptText(TWO_MESSAGES)),
    },
    { onRefresh },
  );
  await expect
    .element(screen.getByRole('alert'))
    .toMatchTextContent(
      'Could not fetch the transcript: Offload could not be reached.',
    );
  await screen.getByRole('button', { name: 'Retry' }).click();
  expect(onRefresh).toHaveBeenCalledOnce();
  await expect
    .element(screen.getByRole('article', { name: /Counterparty/ }))
    .toBeVisible();
});

test('offline, the saved copy is labelled with when it was saved', async () => {
  const screen = await renderTranscript(SAVED, { offline: true });
  await expect
    .element(screen.getByText(/Offline: showing the copy saved .*2026/))
    .toBeVisible();
});

test('messages show sender, address, local time and body, our side told apart', async () => {
  const screen = await renderTranscript(SAVED);
  const ours = screen.getByRole('article', { name: 'Our side: Sam Support' });
  const theirs = screen.getByRole('article', {
    name: 'Counterparty: Acme Billing',
  });
  await expect.element(ours).toBeVisible();
  await expect.element(theirs).toBeVisible();
  await expect.element(ours).toHaveClass(/is-own/);
  await expect.element(theirs).toHaveClass(/is-counterparty/);
  await expect.element(ours).toMatchTextContent('<sam@agentmail.to>');
  await expect.element(ours).toMatchTextContent(/2026/);
  const body = ours.element().querySelector('.transcript-body')!;
  expect(body.textContent).toBe(
    'Hello,\nthe March invoice shows 50 EUR per seat.\nCould you fix it?',
  );
  expect(getComputedStyle(body).whiteSpace).toBe('pre-wrap');
});

test('text that does not parse is shown raw, with the reason', async () => {
  const raw = 'Something else entirely\nwith two lines';
  const screen = await renderTranscript({
    kind: 'saved',
    record: transcriptRecord(raw),
  });
  await expect
    .element(screen.getByText(/could not be split into messages/))
    .toBeVisible();
  expect(screen.container.querySelector('pre')?.textContent).toBe(raw);
});

test('find highlights matches; Enter and Shift+Enter step through them', async () => {
  const screen = await renderTranscript(SAVED);
  const find = screen.getByRole('searchbox', { name: 'Find in transcript' });
  await find.fill('INVOICE');
  await expect.element(screen.getByText('1 of 2')).toBeVisible();
  expect(screen.container.querySelectorAll('mark')).toHaveLength(2);
  const current = () =>
    screen.container
      .querySelector('mark.mark-current')
      ?.closest('[role="article"]')
      ?.getAttribute('aria-label');
  expect(current()).toBe('Our side: Sam Support');

  await userEvent.keyboard('{Enter}');
  await expect.element(screen.getByText('2 of 2')).toBeVisible();
  expect(current()).toBe('Counterparty: Acme Billing');
  await userEvent.keyboard('{Enter}');
  await expect.element(screen.getByText('1 of 2')).toBeVisible();
  await userEvent.keyboard('{Shift>}{Enter}{/Shift}');
  await expect.element(screen.getByText('2 of 2')).toBeVisible();
  await screen.getByRole('button', { name: 'Previous match' }).click();
  await expect.element(screen.getByText('1 of 2')).toBeVisible();

  await find.fill('nowhere to be found');
  await expect.element(screen.getByText('No matches')).toBeVisible();
  expect(screen.container.querySelectorAll('mark')).toHaveLength(0);
});

test('a search hit opens the transcript with its words already found', async () => {
  const screen = await renderTranscript(SAVED, { initialQuery: 'seat' });
  await expect.element(screen.getByText('1 of 1')).toBeVisible();
  expect(screen.container.querySelector('mark')?.textContent).toBe('seat');
});

test('a link opens only after the person confirms', async () => {
  const onOpenLink = vi.fn<(url: string) => Promise<Opened>>(() =>
    Promise.resolve({ opened: true }),
  );
  const screen = await renderTranscript(SAVED, { onOpenLink });
  const open = screen.getByRole('button', {
    name: 'Open link https://acme.example/help',
  });
  await open.click();
  const dialog = screen.getByRole('alertdialog');
  await expect.element(dialog).toMatchTextContent('https://acme.example/help');
  await expect
    .element(dialog.getByRole('button', { name: 'Cancel' }))
    .toHaveFocus();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(onOpenLink).not.toHaveBeenCalled();

  await open.click();
  await screen.getByRole('button', { name: 'Open link', exact: true }).click();
  expect(onOpenLink).toHaveBeenCalledWith('https://acme.example/help');
  await expect
    .element(screen.getByText('Link opened in your browser'))
    .toBeVisible();
});

test('a link the main process refuses is explained', async () => {
  const screen = await renderTranscript(SAVED, {
    onOpenLink: () =>
      Promise.resolve({ opened: false, message: 'Only web links open.' }),
  });
  await screen
    .getByRole('button', { name: 'Open link https://acme.example/help' })
    .click();
  await screen.getByRole('button', { name: 'Open link', exact: true }).click();
  await expect
    .element(screen.getByText('The link was not opened: Only web links open.'))
    .toBeVisible();
});

test('export reports where the file went, or that it was cancelled', async () => {
  const onExport = vi
    .fn<() => Promise<SavedFile>>()
    .mockResolvedValueOnce({ path: '/home/me/case.txt' })
    .mockResolvedValueOnce({ path: null });
  const screen = await renderTranscript(SAVED, { onExport });
  await screen.getByRole('button', { name: 'Export…' }).click();
  await expect
    .element(screen.getByText('Saved to /home/me/case.txt'))
    .toBeVisible();
  await screen.getByRole('button', { name: 'Export…' }).click();
  await expect.element(screen.getByText('Export cancelled')).toBeVisible();
});

test('copy puts the whole transcript text on the clipboard', async () => {
  const writeText = vi
    .spyOn(navigator.clipboard, 'writeText')
    .mockResolvedValue(undefined);
  const screen = await renderTranscript(SAVED);
  await screen.getByRole('button', { name: 'Copy transcript' }).click();
  expect(writeText).toHaveBeenCalledWith(transcriptText(TWO_MESSAGES));
  await expect.element(screen.getByText('Transcript copied')).toBeVisible();
  writeText.mockRestore();
});

test('hostile text in names, addresses and bodies stays text', async () => {
  const screen = await renderTranscript({
    kind: 'saved',
    record: transcriptRecord(
      transcriptText([
        {
          name: HOSTILE,
          address: 'x@agentmail.to',
          timestamp: '2026-03-20T18:10:00.000Z',
          body: `${HOSTILE}\nhttps://evil.example/${HOSTILE}`,
        },
      ]),
    ),
  });
  await expect.element(screen.getByRole('article')).toMatchTextContent(HOSTILE);
  expect(hostileElementCreated()).toBe(false);
});

test('a 5 MB transcript renders a window of messages and finds its last words', async () => {
  const filler = 'Lorem ipsum dolor sit amet, consectetur adipiscing. '.repeat(
    20,
  );
  const messages: FixtureMessage[] = [];
  let size = 0;
  for (let index = 0; size < 5.1 * 1024 * 1024; index += 1) {
    const message = {
      name: index % 2 ? 'Acme Billing' : 'Sam Support',
      address: index % 2 ? 'billing@acme.example' : 'sam@agentmail.to',
      timestamp: new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString(),
      body: `Message ${index}\n${filler}`,
    };
    messages.push(message);
    size += message.body.length + 90;
  }
  messages.push({
    name: 'Acme Billing',
    address: 'billing@acme.example',
    timestamp: '2026-03-20T18:20:00.000Z',
    body: 'The final zebra word.',
  });
  const text = transcriptText(messages);
  expect(text.length).toBeGreaterThan(5 * 1024 * 1024);

  const screen = await renderTranscript({
    kind: 'saved',
    record: transcriptRecord(text),
  });
  await expect.element(screen.getByRole('article').first()).toBeVisible();
  const rendered = screen.getByRole('article').elements().length;
  expect(rendered).toBeGreaterThan(0);
  expect(rendered).toBeLessThan(50);

  await screen
    .getByRole('searchbox', { name: 'Find in transcript' })
    .fill('zebra');
  await expect.element(screen.getByText('1 of 1')).toBeVisible();
  await expect
    .element(screen.getByText('zebra', { exact: true }))
    .toBeVisible();
});
