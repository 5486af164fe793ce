import { afterEach, beforeEach, expect, test } from 'vitest';
import { render } from 'vitest-browser-react';
import { userEvent } from 'vitest/browser';
import type { DownloadRecord } from '../../../shared/case-data.ts';
import type { DownloadJob } from '../../../shared/download-job.ts';
import type { CaseAttachment } from '../../../shared/offload/schemas.ts';
import { AttachmentsPanel } from '../../../renderer/downloads/attachments-panel.tsx';
import { createFakeOffload } from '../support/fake-offload.ts';
import type { FakeOffload } from '../support/fake-offload.ts';
import { FIXTURE_NOW } from '../support/fixtures.ts';
import { axeViolations } from '../support/axe-check.ts';

let fake: FakeOffload;
let uninstall: () => void;

beforeEach(() => {
  fake = createFakeOffload();
  uninstall = fake.install();
});

afterEach(() => uninstall());

function attachment(overrides: Partial<CaseAttachment> = {}): CaseAttachment {
  return {
    attachmentId: 'att_1',
    name: 'invoice.pdf',
    size: 2 * 1024 * 1024,
    type: 'application/pdf',
    messageId: 'msg_1',
    inboxId: 'inbox_1',
    receivedAt: FIXTURE_NOW - 3600_000,
    ...overrides,
  };
}

function job(overrides: Partial<DownloadJob> = {}): DownloadJob {
  return {
    id: 'job_1',
    caseId: 'case_0001',
    attachmentId: 'att_1',
    fileName: 'invoice.pdf',
    state: 'running',
    bytes: 0,
    total: 2 * 1024 * 1024,
    bytesPerSecond: 0,
    retries: 0,
    startedAt: FIXTURE_NOW,
    ...overrides,
  };
}

function record(overrides: Partial<DownloadRecord> = {}): DownloadRecord {
  return {
    caseId: 'case_0001',
    attachmentId: 'att_1',
    path: '/home/test/Downloads/invoice.pdf',
    size: 2 * 1024 * 1024,
    sha256: 'a'.repeat(64),
    at: FIXTURE_NOW - 60_000,
    ...overrides,
  };
}

const TWO = [
  attachment(),
  attachment({
    attachmentId: 'att_2',
    name: undefined,
    type: undefined,
    size: 512,
  }),
];

async function renderPanel(
  attachments: CaseAttachment[] = [attachment()],
  downloads: DownloadRecord[] = [],
) {
  const screen = await render(
    <AttachmentsPanel
      caseId="case_0001"
      attachments={attachments}
      downloads={downloads}
    />,
  );
  await expect.poll(() => fake.listenerCount('download')).toBe(1);
  return screen;
}

test('each attachment shows its name or id, type, size and when received', async () => {
  const screen = await renderPanel(TWO);
  await expect
    .element(screen.getByRole('heading', { name: 'Attachments (2)' }))
    .toBeVisible();
  const first = screen.getByRole('article', { name: 'invoice.pdf' });
  await expect.element(first).toMatchTextContent(/application\/pdf · 2 MB/);
  await expect.element(first).toMatchTextContent(/received \w/);
  const second = screen.getByRole('article', { name: 'att_2' });
  await expect.element(second).toMatchTextContent(/Unknown type · 512 B/);
});

test('no attachments is said plainly', async () => {
  const screen = await renderPanel([]);
  await expect.element(screen.getByText('No attachments.')).toBeVisible();
});

test('one click starts a download, then progress follows the events', async () => {
  fake.respond('downloads.start', (caseId, ids) => ({
    ok: true,
    value: [job({ caseId, attachmentId: ids?.[0] ?? '', state: 'queued' })],
  }));
  const screen = await renderPanel();
  await screen.getByRole('button', { name: 'Download invoice.pdf' }).click();
  expect(fake.callsTo('downloads.start')).toEqual([['case_0001', ['att_1']]]);
  await expect.element(screen.getByText('Waiting to start…')).toBeVisible();

  fake.emit('download', {
    type: 'download-progress',
    job: job({ bytes: 1024 * 1024, bytesPerSecond: 256 * 1024 }),
  });
  const bar = screen.getByRole('progressbar', {
    name: 'Download of invoice.pdf',
  });
  await expect.element(bar).toHaveAttribute('value', String(1024 * 1024));
  await expect.element(bar).toHaveAttribute('max', String(2 * 1024 * 1024));
  await expect
    .element(screen.getByText('Downloading · 50% · 1 MB of 2 MB · 256 KB/s'))
    .toBeVisible();

  fake.emit('download', {
    type: 'download-state',
    job: job({
      state: 'done',
      bytes: 2 * 1024 * 1024,
      path: '/home/test/Downloads/invoice.pdf',
      finishedAt: FIXTURE_NOW + 1000,
    }),
  });
  await expect.element(screen.getByText('Downloaded')).toBeVisible();
  await expect.element(bar).not.toBeInTheDocument();
  await screen.getByRole('button', { name: 'Open invoice.pdf' }).click();
  await screen
    .getByRole('button', { name: 'Show in folder (invoice.pdf)' })
    .click();
  expect(fake.callsTo('downloads.open')).toEqual([['case_0001', 'att_1']]);
  expect(fake.callsTo('downloads.showInFolder')).toEqual([
    ['case_0001', 'att_1'],
  ]);
});

test('an older event never rolls a finished download back', async () => {
  const screen = await renderPanel();
  fake.emit('download', {
    type: 'download-state',
    job: job({ state: 'done', bytes: 2 * 1024 * 1024 }),
  });
  fake.emit('download', {
    type: 'download-progress',
    job: job({ bytes: 1024 }),
  });
  await expect.element(screen.getByText('Downloaded')).toBeVisible();
  await expect.element(screen.getByRole('progressbar')).not.toBeInTheDocument();
});

test('events of other cases are ignored', async () => {
  const screen = await renderPanel();
  fake.emit('download', {
    type: 'download-progress',
    job: job({ caseId: 'case_other', bytes: 5 }),
  });
  await expect
    .element(screen.getByRole('button', { name: 'Download invoice.pdf' }))
    .toBeVisible();
  await expect.element(screen.getByRole('progressbar')).not.toBeInTheDocument();
});

test('a running download can be cancelled', async () => {
  fake.data.downloads = [job({ id: 'job_7', bytes: 10 })];
  const screen = await renderPanel();
  await screen
    .getByRole('button', { name: 'Cancel download of invoice.pdf' })
    .click();
  expect(fake.callsTo('downloads.cancel')).toEqual([['job_7']]);
  fake.emit('download', {
    type: 'download-state',
    job: job({ id: 'job_7', state: 'cancelled', bytes: 10 }),
  });
  await expect.element(screen.getByText('Download cancelled.')).toBeVisible();
  await expect
    .element(screen.getByRole('button', { name: 'Download invoice.pdf' }))
    .toBeVisible();
});

test('an expired link being retried shows the reason and the retries', async () => {
  fake.data.downloads = [
    job({
      state: 'retrying',
      bytes: 1024,
      retries: 2,
      error: {
        kind: 'expired',
        message: 'The download link has expired; a fresh one is needed.',
      },
    }),
  ];
  const screen = await renderPanel();
  await expect
    .element(
      screen.getByText(
        /^Retrying: The download link has expired; a fresh one is needed\. \(2 retries so far\)/,
      ),
    )
    .toBeVisible();
  await expect.element(screen.getByRole('progressbar')).toBeVisible();
});

test.each([
  ['disk-full', 'The disk is full. Free some space and try again.'],
  ['not-found', 'Offload no longer has this attachment.'],
])(
  'a failed download (%s) says why and can be tried again',
  async (kind, message) => {
    fake.data.downloads = [
      job({ state: 'failed', retries: 1, error: { kind, message } }),
    ];
    const screen = await renderPanel();
    await expect
      .element(
        screen.getByText(`Download failed: ${message} (gave up after 1 retry)`),
      )
      .toBeVisible();
    await screen
      .getByRole('button', { name: 'Try again to download invoice.pdf' })
      .click();
    expect(fake.callsTo('downloads.start')).toEqual([['case_0001', ['att_1']]]);
  },
);

test('a download that does not start says why', async () => {
  fake.fail('downloads.start', 'no-key', 'Set an API key first.');
  const screen = await renderPanel();
  await screen.getByRole('button', { name: 'Download invoice.pdf' }).click();
  await expect
    .element(
      screen.getByText('The download did not start: Set an API key first.'),
    )
    .toBeVisible();
});

test('already downloaded files are marked and can be opened', async () => {
  const screen = await renderPanel(TWO, [record()]);
  const first = screen.getByRole('article', { name: 'invoice.pdf' });
  await expect.element(first).toMatchTextContent(/Downloaded/);
  await expect
    .element(screen.getByRole('button', { name: 'Open invoice.pdf' }))
    .toBeVisible();
  await expect
    .element(screen.getByRole('button', { name: 'Download att_2' }))
    .toBeVisible();
});

test('a file that cannot be opened says why', async () => {
  fake.respond('downloads.open', () => ({
    ok: true,
    value: { opened: false, message: 'The file was moved or deleted.' },
  }));
  const screen = await renderPanel([attachment()], [record()]);
  await screen.getByRole('button', { name: 'Open invoice.pdf' }).click();
  await expect
    .element(
      screen.getByText(
        'Opening the file did not work: The file was moved or deleted.',
      ),
    )
    .toBeVisible();
});

test('Download all starts only what is not downloaded yet', async () => {
  const three = [
    ...TWO,
    attachment({ attachmentId: 'att_3', name: 'photo.jpg' }),
  ];
  const screen = await renderPanel(three, [record()]);
  const all = screen.getByRole('button', { name: 'Download all (2 left)' });
  await all.click();
  expect(fake.callsTo('downloads.start')).toEqual([
    ['case_0001', ['att_2', 'att_3']],
  ]);
});

test('Download all is disabled when everything is downloaded', async () => {
  const screen = await renderPanel(TWO, [
    record(),
    record({ attachmentId: 'att_2' }),
  ]);
  await expect
    .element(screen.getByRole('button', { name: 'Download all' }))
    .toBeDisabled();
});

test('downloads are reached by keyboard', async () => {
  const screen = await renderPanel(TWO);
  await userEvent.keyboard('{Tab}');
  await expect
    .element(screen.getByRole('button', { name: 'Download all' }))
    .toHaveFocus();
  await userEvent.keyboard('{Tab}');
  await expect
    .element(screen.getByRole('button', { name: 'Download invoice.pdf' }))
    .toHaveFocus();
  await userEvent.keyboard('{Enter}');
  expect(fake.callsTo('downloads.start')).toEqual([['case_0001', ['att_1']]]);
});

test('the listener is removed when the panel goes', async () => {
  const screen = await renderPanel();
  await screen.unmount();
  expect(fake.listenerCount('download')).toBe(0);
});

test('hostile names and messages are shown as text', async () => {
  const hostile = '<img src=x onerror="window.offloadPwned=1">';
  fake.data.downloads = [
    job({ state: 'failed', error: { kind: 'http', message: hostile } }),
  ];
  const screen = await renderPanel([
    attachment({ name: hostile, type: hostile }),
  ]);
  await expect
    .element(screen.getByText(`Download failed: ${hostile}`))
    .toBeVisible();
  expect(screen.container.querySelector('img')).toBeNull();
  expect((window as { offloadPwned?: number }).offloadPwned).toBeUndefined();
});

test('the panel has no serious accessibility violations', async () => {
  fake.data.downloads = [
    job({ attachmentId: 'att_2', bytes: 100, total: 512 }),
    job({
      id: 'job_3',
      attachmentId: 'att_3',
      state: 'failed',
      error: { kind: 'disk-full', message: 'The disk is full.' },
    }),
  ];
  const screen = await renderPanel(
    [...TWO, attachment({ attachmentId: 'att_3', name: 'c.txt' })],
    [record()],
  );
  await expect.element(screen.getByRole('progressbar')).toBeVisible();
  expect(await axeViolations(screen.container)).toEqual([]);
});
