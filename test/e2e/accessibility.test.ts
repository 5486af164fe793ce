import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness.ts';
import { startHarness } from './harness.ts';
import {
  addCasesByPaste,
  caseRow,
  consoleFrame,
  detailPane,
  PROFILE_ID,
} from './connected-console.ts';

// axe-core on each main screen of the built console, in both themes, as a
// person reaches them: no serious or critical violation anywhere.
//
// The page's CSP allows only its own scripts, so axe is not added as a
// <script>: its source runs through Playwright's page.evaluate, which the
// DevTools protocol runs outside the page's CSP. The page itself keeps
// its CSP (no bypassCSP), so the screens are checked exactly as shipped.

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

type Scheme = 'light' | 'dark';

/** Serious and critical violations on the page, as readable lines. */
async function seriousViolations(
  harness: Harness,
  scheme: Scheme,
): Promise<string[]> {
  const { page } = harness;
  await page.emulateMedia({ colorScheme: scheme });
  // The theme setting is "system": the page follows the OS preference.
  await expect
    .poll(() => page.evaluate(() => document.documentElement.dataset.theme))
    .toBe(scheme);
  const installed = await page.evaluate(() => 'axe' in window);
  if (!installed) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (theme) => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context: Document,
            options: object,
          ): Promise<{
            violations: {
              id: string;
              impact?: string | null;
              help: string;
              nodes: { target: unknown[] }[];
            }[];
          }>;
        };
      }
    ).axe;
    const results = await axe.run(document, { resultTypes: ['violations'] });
    return results.violations
      .filter(
        (violation) =>
          violation.impact === 'serious' || violation.impact === 'critical',
      )
      .flatMap((violation) =>
        violation.nodes.map(
          (node) =>
            `${theme}: ${violation.id} (${violation.help}) at ${node.target.join(' ')}`,
        ),
      );
  }, scheme);
}

/** Violations of the screen on show, in light and then dark. */
async function bothThemes(harness: Harness): Promise<string[]> {
  return [
    ...(await seriousViolations(harness, 'light')),
    ...(await seriousViolations(harness, 'dark')),
  ];
}

describe('accessibility of every main screen', () => {
  let harness: Harness;
  /** Seeded before the console is connected; added through the dialog. */
  let ids: string[] = [];

  beforeAll(async () => {
    harness = await startHarness();
    harness.page.setDefaultTimeout(10_000);
    const { admin } = harness.sim;
    const waiting = await admin.seedCase({
      status: 'INPUT_NEEDED',
      clientReferenceId: 'A11Y-1',
      question: 'Which billing address should the vendor use?',
      messages: [
        { from: 'us', body: 'Could you send the updated W-9?' },
        { from: 'them', body: 'Which address should go on it?' },
      ],
    });
    const completed = await admin.seedCase({
      status: 'COMPLETED',
      clientReferenceId: 'A11Y-2',
      messages: [
        { from: 'us', body: 'Could you confirm the remittance date?' },
        {
          from: 'them',
          body: 'It went out on Tuesday, see https://pay.example/r/1',
        },
      ],
      attachments: [
        { name: 'remittance.pdf', type: 'application/pdf', size: 81_920 },
        { size: 2_048 },
      ],
    });
    const running = await admin.seedCase({
      status: 'RUNNING',
      clientReferenceId: 'A11Y-3',
    });
    ids = [waiting.caseId, completed.caseId, running.caseId];
    await harness.open();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('passes on the first-run set-up form', async () => {
    await harness.page
      .getByRole('heading', { name: 'Set up Offload Console' })
      .waitFor();
    expect(await bothThemes(harness)).toEqual([]);
  });

  it('passes on the first-run form showing a refused key', async () => {
    const { page, sim } = harness;
    await page.getByRole('textbox', { name: 'Base URL' }).fill(sim.url);
    await page.getByLabel('API key', { exact: true }).fill(sim.keys.inactive);
    await page.getByRole('button', { name: 'Verify and save' }).click();
    await page
      .getByText('Offload knows this key, but it is not active.')
      .waitFor();
    expect(await bothThemes(harness)).toEqual([]);
  });

  it('passes on the add-cases dialog', async () => {
    const { page, sim } = harness;
    // Connected through the page's API, as the form would.
    await page.evaluate(
      async ({ profileId, baseUrl, key }) => {
        await window.offload.settings.update({
          profiles: [{ id: profileId, name: 'Work', baseUrl }],
          activeProfileId: profileId,
        });
        await window.offload.keys.set(profileId, key);
      },
      { profileId: PROFILE_ID, baseUrl: sim.url, key: sim.apiKey },
    );
    await harness.open();
    await consoleFrame(harness).waitFor();
    await page
      .getByRole('banner')
      .getByRole('button', { name: 'Add cases' })
      .click();
    await page.getByRole('dialog', { name: 'Add cases' }).waitFor();
    expect(await bothThemes(harness)).toEqual([]);
    await page
      .getByRole('dialog')
      .getByRole('button', { name: 'Close' })
      .click();
    await addCasesByPaste(harness, ids);
  });

  it('passes on the case list with a finished case, its files and transcript', async () => {
    await caseRow(harness, 'A11Y-3').getByText('Running').waitFor();
    await caseRow(harness, 'A11Y-2').click();
    const pane = detailPane(harness);
    await pane.getByRole('article', { name: 'remittance.pdf' }).waitFor();
    const transcript = pane.getByRole('region', {
      name: 'Transcript',
      exact: true,
    });
    await transcript
      .getByText('It went out on Tuesday', { exact: false })
      .waitFor();
    expect(await bothThemes(harness)).toEqual([]);

    // Find in transcript, with its highlighted match.
    await transcript
      .getByRole('searchbox', { name: 'Find in transcript' })
      .fill('Tuesday');
    await transcript.getByText('1 of 1').waitFor();
    expect(await bothThemes(harness)).toEqual([]);
  });

  it('passes on the answer panel of a waiting case', async () => {
    await caseRow(harness, 'A11Y-1').click();
    const panel = detailPane(harness).getByRole('region', {
      name: 'Offload needs your input',
    });
    await panel
      .getByRole('textbox', { name: 'Your answer' })
      .fill('The billing');
    expect(await bothThemes(harness)).toEqual([]);
  });

  it('passes on search results', async () => {
    const { page } = harness;
    const search = page.getByRole('searchbox', {
      name: 'Search cases and transcripts',
    });
    await search.fill('remittance');
    await search.press('Enter');
    await page
      .getByRole('region', { name: 'Search results' })
      .getByRole('option')
      .first()
      .waitFor();
    expect(await bothThemes(harness)).toEqual([]);
    await page.getByRole('button', { name: 'Back to cases' }).click();
  });

  it('passes on settings', async () => {
    const { page } = harness;
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    expect(await bothThemes(harness)).toEqual([]);
    await page.getByRole('button', { name: 'Close settings' }).click();
  });

  it('passes on the offline banner over saved data', async () => {
    const { page, sim } = harness;
    await sim.admin.setFaults([{ route: '*', kind: 'reset' }]);
    await detailPane(harness)
      .getByRole('button', { name: 'Refresh', exact: true })
      .click();
    await page.getByText('Offline, showing saved data').waitFor();
    expect(await bothThemes(harness)).toEqual([]);
  });

  it('would report a serious violation if a screen had one', async () => {
    // The check itself: a button with no name is a critical violation.
    await harness.page.evaluate(() => {
      const button = document.createElement('button');
      button.id = 'nameless';
      document.querySelector('main')?.append(button);
    });
    const found = await seriousViolations(harness, 'light');
    await harness.page.evaluate(() =>
      document.getElementById('nameless')?.remove(),
    );
    expect(found).toEqual([
      expect.stringMatching(/^light: button-name .* at #nameless$/),
    ]);
  });
});
