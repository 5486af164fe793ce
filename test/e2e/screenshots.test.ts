import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import type { Harness } from './harness.ts';
import { screenshotFolder, startHarness } from './harness.ts';
import {
  addCasesByPaste,
  caseRow,
  consoleFrame,
  detailPane,
  PROFILE_ID,
} from './connected-console.ts';

// A picture of every main screen in both themes, with believable data,
// for README. The run saves them into screenshotFolder(): test-results/
// normally, docs/screenshots/ with OFFLOAD_SCREENSHOTS=docs/screenshots.

const VIEWPORT = { width: 1280, height: 800 };
const SCHEMES = ['light', 'dark'] as const;

const W9_QUESTION =
  'The vendor can only send a scanned PDF with a drawn signature. ' +
  'Is that acceptable for our records?';

/** Scrolls the detail pane (and only it) so `target` is near its top. */
async function scrollPaneTo(target: Locator): Promise<void> {
  await target.evaluate((element) => {
    const pane = element.closest('.app-detail');
    if (!pane) throw new Error('not inside the detail pane');
    const gap = 16;
    pane.scrollTop +=
      element.getBoundingClientRect().top -
      pane.getBoundingClientRect().top -
      gap;
  });
}

/** The pictures `capture(name)` saves, by path. */
function pictures(name: string): string[] {
  return SCHEMES.map((scheme) =>
    join(screenshotFolder(), `${name}-${scheme}.png`),
  );
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(path);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('screenshots of every main screen', () => {
  let harness: Harness;
  let downloads: string;
  const saved: string[] = [];
  const ids: Record<string, string> = {};

  /** One picture per theme of what is on screen now; their paths. */
  async function capture(name: string): Promise<string[]> {
    const { page } = harness;
    // The panes scroll; the window never does, so the picture is all of it.
    expect(
      await page.evaluate(() => ({
        height: document.documentElement.scrollHeight,
        top: window.scrollY,
      })),
    ).toEqual({ height: VIEWPORT.height, top: 0 });
    for (const scheme of SCHEMES) {
      await page.emulateMedia({ colorScheme: scheme });
      await expect
        .poll(() => page.evaluate(() => document.documentElement.dataset.theme))
        .toBe(scheme);
      saved.push(await harness.screenshot(`${name}-${scheme}`));
    }
    return saved.slice(-SCHEMES.length);
  }

  beforeAll(async () => {
    harness = await startHarness({ viewport: VIEWPORT });
    harness.page.setDefaultTimeout(10_000);
    downloads = mkdtempSync(join(tmpdir(), 'offload-e2e-shots-'));
    const { admin } = harness.sim;
    const seeds = {
      w9: await admin.seedCase({
        status: 'INPUT_NEEDED',
        clientReferenceId: 'AP-4471',
        goal: {
          objective: 'Get a signed W-9 form from Northstar Supplies',
          knowledge: { vendorId: 'V-20931', taxYear: 2025 },
        },
        counterparty: {
          name: 'Maya Chen',
          address: 'ap@northstar.example',
          company: 'Northstar Supplies',
          timezone: 'America/Chicago',
        },
        constraints: ['Never share our bank details by e-mail'],
        question: W9_QUESTION,
        messages: [
          {
            from: 'us',
            body:
              'Hello Maya,\n\nCould you send us a signed W-9 for Northstar ' +
              'Supplies? We need it before the next payment run.\n\nThanks,\nAvery',
          },
          {
            from: 'them',
            body:
              'Hi Avery,\n\nI can only send a scanned PDF with a drawn ' +
              'signature. Is that OK?\n\nMaya',
          },
        ],
      }),
      remittance: await admin.seedCase({
        status: 'COMPLETED',
        clientReferenceId: 'AP-4472',
        goal: {
          objective: 'Confirm the remittance date for invoice INV-20931',
        },
        counterparty: {
          name: 'Jonas Berg',
          address: 'jonas.berg@fjordfreight.example',
          company: 'Fjord Freight',
        },
        result: {
          remittanceDate: '2025-03-04',
          amount: '12,480.00 EUR',
          reference: 'INV-20931',
        },
        messages: [
          {
            from: 'us',
            body:
              'Hello Jonas,\n\nCould you confirm when the remittance for ' +
              'invoice INV-20931 was sent?\n\nBest regards,\nAvery',
          },
          {
            from: 'them',
            body:
              'Hi Avery,\n\nIt went out on 4 March via the Halvorsen account. ' +
              'The remittance advice is attached.\n\nJonas',
          },
        ],
        attachments: [
          {
            name: 'remittance-advice.pdf',
            type: 'application/pdf',
            size: 182_330,
          },
        ],
      }),
      bank: await admin.seedCase({
        status: 'RUNNING',
        clientReferenceId: 'AP-4473',
        goal: { objective: 'Collect updated bank details for Acme Tooling' },
        counterparty: {
          name: 'Priya Natarajan',
          address: 'finance@acmetooling.example',
          company: 'Acme Tooling',
        },
      }),
      insurance: await admin.seedCase({
        status: 'CREATED',
        clientReferenceId: 'AP-4474',
        goal: { objective: 'Request the certificate of insurance for 2025' },
        counterparty: {
          name: 'Lena Fischer',
          address: 'l.fischer@brightline.example',
          company: 'Brightline Logistics',
        },
      }),
      credit: await admin.seedCase({
        status: 'FAILED',
        clientReferenceId: 'AP-4475',
        goal: { objective: 'Chase the overdue credit note CN-1187' },
        counterparty: {
          name: 'Tom Okafor',
          address: 'tom@harbourparts.example',
          company: 'Harbour Parts',
        },
      }),
      msa: await admin.seedCase({
        status: 'COMPLETED',
        clientReferenceId: 'AP-4476',
        goal: { objective: 'Obtain the signed master services agreement' },
        counterparty: {
          name: 'Sofia Rossi',
          address: 'legal@veltro.example',
          company: 'Veltro Systems',
        },
        messages: [
          { from: 'us', body: 'Hello Sofia, could you return the signed MSA?' },
          { from: 'them', body: 'Signed copy and schedule B attached.' },
        ],
        attachments: [
          { name: 'msa-signed.pdf', type: 'application/pdf', size: 150_000 },
          {
            name: 'msa-schedule-b.xlsx',
            type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            size: 640_000,
          },
        ],
      }),
    };
    for (const [name, seed] of Object.entries(seeds)) ids[name] = seed.caseId;
    await harness.open();
  });

  afterAll(async () => {
    await harness?.close();
    if (downloads) rmSync(downloads, { recursive: true, force: true });
  });

  it('captures the first-run set-up', async () => {
    const { page, sim } = harness;
    await page
      .getByRole('heading', { name: 'Set up Offload Console' })
      .waitFor();
    await page.getByRole('textbox', { name: 'Base URL' }).fill(sim.url);
    expect(await capture('first-run')).toEqual(pictures('first-run'));
  });

  it('captures the add-cases dialog after a paste', async () => {
    const { page, sim } = harness;
    await page.evaluate(
      async ({ profileId, baseUrl, key, folder }) => {
        await window.offload.settings.update({
          profiles: [{ id: profileId, name: 'Accounts payable', baseUrl }],
          activeProfileId: profileId,
          downloadFolder: folder,
        });
        await window.offload.keys.set(profileId, key);
      },
      {
        profileId: PROFILE_ID,
        baseUrl: sim.url,
        key: sim.apiKey,
        folder: downloads,
      },
    );
    await harness.open();
    await consoleFrame(harness).waitFor();
    await addCasesByPaste(harness, Object.values(ids));
    await page
      .getByRole('banner')
      .getByRole('button', { name: 'Add cases' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Add cases' });
    await dialog
      .getByRole('textbox', { name: 'Case ids' })
      .fill(
        [
          'caseId,label,clientReferenceId',
          `${ids.w9},W-9 Northstar,AP-4471`,
          `${ids.bank},Bank details,AP-4473`,
          'AP 4477 (no id yet),Insurance,',
        ].join('\n'),
      );
    await dialog.getByRole('button', { name: 'Add pasted ids' }).click();
    await dialog.getByText('2 cases were already watched:').waitFor();
    await dialog.getByText('1 line could not be read:').waitFor();
    expect(await capture('add-cases')).toEqual(pictures('add-cases'));
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('captures the case list with a finished case open', async () => {
    await caseRow(harness, 'AP-4473').getByText('Running').waitFor();
    await caseRow(harness, 'AP-4472').click();
    const pane = detailPane(harness);
    await pane.getByRole('region', { name: 'Result' }).waitFor();
    await pane
      .getByRole('region', { name: 'Transcript', exact: true })
      .getByRole('article')
      .first()
      .waitFor();
    expect(await capture('case-detail')).toEqual(pictures('case-detail'));
  });

  it('captures a transcript with a match found', async () => {
    const transcript = detailPane(harness).getByRole('region', {
      name: 'Transcript',
      exact: true,
    });
    await transcript
      .getByRole('searchbox', { name: 'Find in transcript' })
      .fill('remittance');
    await transcript.getByText('1 of 2').waitFor();
    await scrollPaneTo(transcript);
    expect(await capture('transcript')).toEqual(pictures('transcript'));
  });

  it('captures the answer panel of a waiting case', async () => {
    await caseRow(harness, 'AP-4471').click();
    const panel = detailPane(harness).getByRole('region', {
      name: 'Offload needs your input',
    });
    await panel.getByText(W9_QUESTION).waitFor();
    await panel
      .getByRole('textbox', { name: 'Your answer' })
      .fill('Yes, a scanned PDF is fine as long as it is signed and dated.');
    expect(await capture('answer-panel')).toEqual(pictures('answer-panel'));
  });

  it('captures attachments, one downloaded and one downloading', async () => {
    const { sim } = harness;
    await caseRow(harness, 'AP-4476').click();
    const pane = detailPane(harness);
    const schedule = pane.getByRole('article', { name: 'msa-schedule-b.xlsx' });
    await schedule
      .getByRole('button', { name: 'Download msa-schedule-b.xlsx' })
      .click();
    await schedule.getByText('Downloaded').waitFor();

    // Half the file, a dropped connection, then a resume that hangs: the
    // progress bar holds still at about half for the pictures.
    await sim.admin.setFaults([
      { route: 'file', kind: 'truncate', afterBytes: 60_000, times: 1 },
      { route: 'file', kind: 'latency', latencyMs: 20_000, times: 1 },
    ]);
    const msa = pane.getByRole('article', { name: 'msa-signed.pdf' });
    await msa.getByRole('button', { name: 'Download msa-signed.pdf' }).click();
    await msa.getByText(/^Downloading \(1 retry so far\) · \d+% · /).waitFor();
    await scrollPaneTo(
      pane.getByRole('region', { name: 'Attachments (2)', exact: true }),
    );
    expect(await capture('attachments')).toEqual(pictures('attachments'));
    await msa
      .getByRole('button', { name: 'Cancel download of msa-signed.pdf' })
      .click();
    await msa.getByText('Download cancelled.').waitFor();
    await sim.admin.clearFaults();
  });

  it('captures search results', async () => {
    const { page } = harness;
    const search = page.getByRole('searchbox', {
      name: 'Search cases and transcripts',
    });
    await search.fill('remittance');
    await search.press('Enter');
    const results = page.getByRole('region', { name: 'Search results' });
    await results.getByText('2 matches').waitFor();
    // The transcript hit opens its case with the words found in it.
    await results.getByRole('option', { name: /^Transcript/ }).click();
    await detailPane(harness)
      .getByRole('region', { name: 'Transcript', exact: true })
      .getByText('1 of 2')
      .waitFor();
    expect(await capture('search-results')).toEqual(pictures('search-results'));
    await search.press('Escape');
    await results.waitFor({ state: 'detached' });
  });

  it('captures settings', async () => {
    const { page } = harness;
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.getByText('Offload accepted it', { exact: false }).waitFor();
    expect(await capture('settings')).toEqual(pictures('settings'));
    await page.getByRole('button', { name: 'Close settings' }).click();
  });

  it('captures the offline banner over saved data', async () => {
    const { page, sim } = harness;
    await caseRow(harness, 'AP-4472').click();
    await sim.admin.setFaults([{ route: '*', kind: 'reset' }]);
    await detailPane(harness)
      .getByRole('button', { name: 'Refresh', exact: true })
      .click();
    await page.getByText('Offline, showing saved data').waitFor();
    await detailPane(harness)
      .getByText('Offline: showing the copy saved', { exact: false })
      .waitFor();
    expect(await capture('offline')).toEqual(pictures('offline'));
  });

  it('saved every picture at the window size', () => {
    const names = saved.map((path) =>
      path.slice(screenshotFolder().length + 1),
    );
    expect(names).toEqual(
      [
        'first-run',
        'add-cases',
        'case-detail',
        'transcript',
        'answer-panel',
        'attachments',
        'search-results',
        'settings',
        'offline',
      ].flatMap((name) => SCHEMES.map((scheme) => `${name}-${scheme}.png`)),
    );
    for (const path of saved) expect(pngSize(path)).toEqual(VIEWPORT);
  });
});
