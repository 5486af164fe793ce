import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness.ts';
import {
  addCasesByPaste,
  caseRow,
  detailPane,
  startConnectedConsole,
} from './connected-console.ts';

// Offload stops answering after a sync: the console says so in a banner
// and everything it saved stays readable and searchable, then it recovers
// when Offload answers again.

const THEIR_REPLY =
  'The remittance went out on Tuesday via the Halvorsen account.';
const OFFLINE_WORDS = 'Everything saved stays browsable and searchable';

describe('offline with saved data', () => {
  let harness: Harness;
  let completed = '';
  let running = '';

  beforeAll(async () => {
    harness = await startConnectedConsole();
    const { admin } = harness.sim;
    completed = (
      await admin.seedCase({
        status: 'COMPLETED',
        clientReferenceId: 'INV-2001',
        messages: [
          { from: 'us', body: 'Could you confirm the remittance date?' },
          { from: 'them', body: THEIR_REPLY },
        ],
      })
    ).caseId;
    running = (
      await admin.seedCase({ status: 'RUNNING', clientReferenceId: 'INV-2002' })
    ).caseId;
    await addCasesByPaste(harness, [completed, running]);
    await caseRow(harness, 'INV-2001').getByText('Completed').waitFor();
    await caseRow(harness, 'INV-2002').getByText('Running').waitFor();
    await caseRow(harness, 'INV-2001').click();
    await detailPane(harness).getByText(THEIR_REPLY).waitFor();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('says it is offline in a banner when Offload stops answering', async () => {
    const { page, sim } = harness;
    await sim.admin.setFaults([{ route: '*', kind: 'reset' }]);
    const pane = detailPane(harness);
    await pane.getByRole('button', { name: 'Refresh', exact: true }).click();
    await page.getByRole('status').filter({ hasText: OFFLINE_WORDS }).waitFor();
    await page.getByText('Offline, showing saved data').waitFor();
    const state = await page.evaluate(() => window.offload.sync.state());
    expect(state).toMatchObject({ ok: true, value: { connection: 'offline' } });
  });

  it('keeps the saved cases and the saved transcript readable', async () => {
    await caseRow(harness, 'INV-2002').click();
    await detailPane(harness)
      .getByRole('heading', { name: 'INV-2002' })
      .waitFor();
    await caseRow(harness, 'INV-2001').click();
    const pane = detailPane(harness);
    await pane.getByRole('heading', { name: 'INV-2001' }).waitFor();
    const transcript = pane.getByRole('region', {
      name: 'Transcript',
      exact: true,
    });
    await transcript.getByText('Offline: showing the copy saved').waitFor();
    await transcript
      .getByRole('article', { name: 'Counterparty: Maya Chen' })
      .getByText(THEIR_REPLY)
      .waitFor();
    expect(await transcript.getByRole('article').count()).toBe(2);
  });

  it('finds saved transcript text and opens the case at the match', async () => {
    const { page } = harness;
    const search = page.getByRole('searchbox', {
      name: 'Search cases and transcripts',
    });
    await search.fill('Halvorsen');
    await search.press('Enter');
    const results = page.getByRole('region', { name: 'Search results' });
    await results.getByText('1 match').waitFor();
    const hit = results.getByRole('option').first();
    await hit.getByText('Transcript').waitFor();
    await hit.locator('mark').getByText('Halvorsen').waitFor();
    await hit.click();

    const transcript = detailPane(harness).getByRole('region', {
      name: 'Transcript',
      exact: true,
    });
    await expect
      .poll(() =>
        transcript
          .getByRole('searchbox', { name: 'Find in transcript' })
          .inputValue(),
      )
      .toBe('Halvorsen');
    await transcript.getByText('1 of 1').waitFor();
  });

  it('finds case fields by client reference while offline', async () => {
    const { page } = harness;
    const search = page.getByRole('searchbox', {
      name: 'Search cases and transcripts',
    });
    await search.fill('INV-2002');
    await search.press('Enter');
    const results = page.getByRole('region', { name: 'Search results' });
    const hits = results.getByRole('option');
    await hits.first().waitFor();
    expect(await hits.allInnerTexts()).toEqual([
      expect.stringContaining('Client reference'),
    ]);
    await results.getByRole('button', { name: 'Back to cases' }).click();
    await caseRow(harness, 'INV-2002').waitFor();
  });

  it('drops the banner once Offload answers again', async () => {
    const { page, sim } = harness;
    await sim.admin.clearFaults();
    await page
      .getByRole('status')
      .filter({ hasText: OFFLINE_WORDS })
      .getByRole('button', { name: 'Try again' })
      .click();
    await page
      .getByRole('status')
      .filter({ hasText: OFFLINE_WORDS })
      .waitFor({ state: 'detached' });
    await page.getByText(/^Synced /).waitFor();
    const state = await page.evaluate(() => window.offload.sync.state());
    expect(state).toMatchObject({ ok: true, value: { connection: 'online' } });
  });
});
