import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness.ts';
import {
  addCasesByPaste,
  caseList,
  caseRow,
  detailPane,
  filesUnder,
  startConnectedConsole,
} from './connected-console.ts';

// One person's working session, in order, through the page only: add
// cases, read a transcript, answer the case that waits, see Offload take
// the answer and finish the case, download what the counterparty sent and
// check its bytes. Each step starts where the one before stopped.

const QUESTION = 'The vendor can only send a scanned PDF. Is that acceptable?';
const ANSWER = 'Yes, a scanned PDF with a drawn signature is fine.';
const OUR_MESSAGE = 'Hello Maya, could you send us the signed W-9 form?';
const THEIR_MESSAGE = 'Here it is, signed and dated.';
const FINAL_FILE = 'signed-w9.pdf';

describe('a case from adding it to downloading its attachment', () => {
  let harness: Harness;
  let downloads: string;
  const ids = { waiting: '', running: '', completed: '' };

  beforeAll(async () => {
    harness = await startConnectedConsole();
    downloads = mkdtempSync(join(tmpdir(), 'offload-e2e-downloads-'));
    const { admin } = harness.sim;
    ids.waiting = (
      await admin.seedCase({
        status: 'INPUT_NEEDED',
        clientReferenceId: 'PO-1001',
        question: QUESTION,
        messages: [
          { from: 'us', body: 'Could you send the W-9?' },
          { from: 'them', body: 'Only as a scanned PDF, would that do?' },
        ],
      })
    ).caseId;
    ids.running = (
      await admin.seedCase({ status: 'RUNNING', clientReferenceId: 'PO-1002' })
    ).caseId;
    ids.completed = (
      await admin.seedCase({
        status: 'COMPLETED',
        clientReferenceId: 'PO-1003',
        messages: [
          { from: 'us', body: OUR_MESSAGE },
          { from: 'them', body: THEIR_MESSAGE },
        ],
        attachments: [
          { name: 'vendor-w9.pdf', type: 'application/pdf', size: 48_213 },
        ],
      })
    ).caseId;
  });

  afterAll(async () => {
    await harness?.close();
    if (downloads) rmSync(downloads, { recursive: true, force: true });
  });

  it('lists pasted cases with their statuses once they are read', async () => {
    await addCasesByPaste(harness, [ids.waiting, ids.running, ids.completed]);
    await caseRow(harness, 'PO-1001').getByText('Needs input').waitFor();
    await caseRow(harness, 'PO-1002').getByText('Running').waitFor();
    await caseRow(harness, 'PO-1003').getByText('Completed').waitFor();
    const filters = harness.page.getByRole('navigation', {
      name: 'Case filters',
    });
    await filters
      .getByRole('button', { name: 'All cases 3', exact: true })
      .waitFor();
    await filters
      .getByRole('button', { name: 'Needs input 1', exact: true })
      .waitFor();
    expect(await caseList(harness).getByRole('option').count()).toBe(3);
  });

  it('sends downloads to the folder chosen in settings', async () => {
    const { page, desktop } = harness;
    desktop.folderChoice = downloads;
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Choose folder…' }).click();
    await page.getByText(downloads, { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Close settings' }).click();
    const settings = await page.evaluate(() => window.offload.settings.get());
    expect(settings).toMatchObject({
      ok: true,
      value: { downloadFolder: downloads },
    });
  });

  it('shows a finished case with its transcript as messages', async () => {
    await caseRow(harness, 'PO-1003').click();
    const pane = detailPane(harness);
    await pane.getByRole('heading', { name: 'PO-1003' }).waitFor();
    const transcript = pane.getByRole('region', {
      name: 'Transcript',
      exact: true,
    });
    // A finished case's final transcript is fetched by the sync itself.
    const ours = transcript.getByRole('article', { name: /^Our side: / });
    const theirs = transcript.getByRole('article', {
      name: 'Counterparty: Maya Chen',
    });
    await ours.getByText(OUR_MESSAGE).waitFor();
    await theirs.getByText(THEIR_MESSAGE).waitFor();
    expect(await transcript.getByRole('article').count()).toBe(2);
    await pane
      .getByRole('region', { name: 'Result' })
      .getByText('Goal achieved', { exact: true })
      .waitFor();
  });

  it('sends an answer with Ctrl+Enter and says it was sent', async () => {
    const { page, sim } = harness;
    await caseRow(harness, 'PO-1001').click();
    const pane = detailPane(harness);
    const panel = pane.getByRole('region', {
      name: 'Offload needs your input',
    });
    await panel.getByText(QUESTION).waitFor();
    const box = panel.getByRole('textbox', { name: 'Your answer' });
    await box.fill(ANSWER);
    await box.press('Control+Enter');
    await panel.getByText('Answer sent, waiting for Offload.').waitFor();

    const { inputs } = await sim.admin.inputs();
    expect(inputs).toEqual([
      expect.objectContaining({
        caseId: ids.waiting,
        providedContext: ANSWER,
        status: 202,
      }),
    ]);
    // The transcript of a case that waits is fetched on demand.
    const transcript = pane.getByRole('region', {
      name: 'Transcript',
      exact: true,
    });
    await transcript.getByRole('button', { name: 'Fetch transcript' }).click();
    await transcript
      .getByText('Only as a scanned PDF, would that do?')
      .waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('shows the case moving on once Offload has taken the answer', async () => {
    const { sim } = harness;
    // The simulator's worker picks the answer up 30 s later and, with no
    // script step left, relays it to the counterparty: RUNNING again.
    await sim.admin.advance(30_000);
    const pane = detailPane(harness);
    await pane.getByRole('button', { name: 'Refresh', exact: true }).click();
    await pane.locator('.case-detail-heading').getByText('Running').waitFor();
    expect(
      await pane
        .getByRole('region', { name: 'Offload needs your input' })
        .count(),
    ).toBe(0);
    await caseRow(harness, 'PO-1001').getByText('Running').waitFor();
  });

  it('shows the case complete with the file the counterparty sent', async () => {
    const { sim } = harness;
    await sim.admin.reply(ids.waiting, {
      body: 'Thanks, the signed form is attached.',
      verdict: 'GOAL_ACHIEVED',
      result: { documentReceived: true },
      attachments: [
        { name: FINAL_FILE, type: 'application/pdf', size: 1_250_000 },
      ],
    });
    const pane = detailPane(harness);
    await pane.getByRole('button', { name: 'Refresh', exact: true }).click();
    await pane.locator('.case-detail-heading').getByText('Completed').waitFor();
    await pane
      .getByRole('region', { name: 'Result' })
      .getByText('Goal achieved', { exact: true })
      .waitFor();
    const files = pane.getByRole('region', { name: 'Attachments (1)' });
    await files.getByRole('article', { name: FINAL_FILE }).waitFor();
    expect(await files.getByRole('article').count()).toBe(1);
  });

  it('downloads the attachment into the chosen folder, byte for byte', async () => {
    const { sim } = harness;
    const pane = detailPane(harness);
    const row = pane.getByRole('article', { name: FINAL_FILE });
    await row.getByRole('button', { name: `Download ${FINAL_FILE}` }).click();
    await row.getByText('Downloaded').waitFor();
    await row.getByRole('button', { name: `Open ${FINAL_FILE}` }).waitFor();

    const view = (await sim.admin.internalCase(ids.waiting)) as {
      attachments: { attachmentId: string; name?: string }[];
    };
    const attachment = view.attachments.find(
      (each) => each.name === FINAL_FILE,
    );
    expect(attachment).toBeDefined();
    const expected = await sim.admin.expectedSha256(
      ids.waiting,
      attachment!.attachmentId,
    );
    const onDisk = filesUnder(downloads);
    expect(onDisk.map((path) => path.slice(downloads.length + 1))).toEqual([
      FINAL_FILE,
    ]);
    const bytes = readFileSync(onDisk[0]!);
    expect(bytes.length).toBe(expected.size);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      expected.sha256,
    );
  });

  it('kept the API key out of the page, the log and every file it wrote', () => {
    const { sim } = harness;
    const crossed = harness.crossings.map((crossing) => crossing.json);
    expect(crossed.length).toBeGreaterThan(20);
    expect(crossed.filter((json) => json.includes(sim.apiKey))).toEqual([]);
    expect(readFileSync(harness.logFile, 'utf8')).not.toContain(sim.apiKey);
    const files = [...filesUnder(harness.dataDir), ...filesUnder(downloads)];
    expect(files.some((path) => path.endsWith('.db'))).toBe(true);
    for (const path of files) {
      expect(readFileSync(path).includes(sim.apiKey), path).toBe(false);
    }
  });
});
