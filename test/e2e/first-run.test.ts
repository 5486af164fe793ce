import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness } from './harness.ts';
import type { Harness } from './harness.ts';
import type { RunningSimulator } from '../simulator/simulator.ts';

// The first run in Chromium against the real core and the simulator: the
// set-up form, a key Offload refuses (the form stays, with words), the
// key it accepts (the console opens), and the demo path.

/** The console's main screen is showing, not the set-up form. */
async function consoleShown(harness: Harness): Promise<void> {
  await harness.page
    .getByRole('navigation', { name: 'Case filters' })
    .waitFor();
  await harness.page
    .getByRole('heading', { name: 'Offload Console', exact: true })
    .waitFor();
}

describe('the first run without a profile', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
    harness.page.setDefaultTimeout(10_000);
    await harness.open();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('shows the set-up form and nothing of the console', async () => {
    const { page } = harness;
    await page
      .getByRole('heading', { name: 'Set up Offload Console' })
      .waitFor();
    expect(
      await page.getByRole('navigation', { name: 'Case filters' }).count(),
    ).toBe(0);
    expect(
      await page.getByRole('button', { name: 'Try the demo' }).count(),
    ).toBe(0);
  });

  // Each row is entered into the form; the words must appear and the
  // set-up form must stay, because no usable key was saved.
  const refusals: {
    what: string;
    baseUrl: (sim: RunningSimulator) => string;
    key: (sim: RunningSimulator) => string;
    words: string;
  }[] = [
    {
      what: 'a blank key',
      baseUrl: (sim) => sim.url,
      key: () => '',
      words: 'Enter your Offload API key.',
    },
    {
      what: 'a blank base URL',
      baseUrl: () => '',
      key: (sim) => sim.apiKey,
      words: 'Enter the base URL of your Offload API host',
    },
    {
      what: 'a base URL that is not http',
      baseUrl: () => 'ftp://files.example',
      key: (sim) => sim.apiKey,
      words: 'must be an http:// or https:// URL',
    },
    {
      what: 'a key with spaces in it',
      baseUrl: (sim) => sim.url,
      key: () => 'sim live key',
      words: 'The API key contains spaces. Paste just the key.',
    },
    {
      what: 'an inactive key',
      baseUrl: (sim) => sim.url,
      key: (sim) => sim.keys.inactive,
      words: 'Offload knows this key, but it is not active.',
    },
    {
      what: 'a key Offload never issued',
      baseUrl: (sim) => sim.url,
      key: () => `sim_live_${'0'.repeat(32)}`,
      words: 'Offload does not recognise this key.',
    },
    {
      what: 'a host that does not answer',
      baseUrl: () => 'http://127.0.0.1:9',
      key: (sim) => sim.apiKey,
      words: 'Offload could not be reached to check the key.',
    },
  ];

  it.each(refusals)(
    'says what is wrong with $what and keeps the form',
    async ({ baseUrl, key, words }) => {
      const { page, sim } = harness;
      await page.getByRole('textbox', { name: 'Base URL' }).fill(baseUrl(sim));
      await page.getByLabel('API key', { exact: true }).fill(key(sim));
      await page.getByRole('button', { name: 'Verify and save' }).click();

      await page.getByText(words).first().waitFor();
      await page
        .getByRole('heading', { name: 'Set up Offload Console' })
        .waitFor();
      expect(
        await page.getByRole('button', { name: 'Open the console' }).count(),
      ).toBe(0);
      const status = await page.evaluate(() =>
        window.offload.keys.status('default'),
      );
      expect(status).toMatchObject({ ok: true, value: { configured: false } });
    },
  );

  it('opens the console once Offload accepts the key', async () => {
    const { page, sim } = harness;
    await page.getByRole('textbox', { name: 'Base URL' }).fill(sim.url);
    await page.getByLabel('API key', { exact: true }).fill(sim.apiKey);
    await page.getByRole('button', { name: 'Verify and save' }).click();

    await page
      .getByText(
        'Offload accepted the key; it is saved in the system keychain.',
      )
      .waitFor();
    await page.getByRole('button', { name: 'Open the console' }).click();
    await consoleShown(harness);
    await page.getByText('No cases watched yet').waitFor();
    // The key field was cleared and the key never reached the page.
    expect(
      harness.crossings.filter((crossing) =>
        crossing.json.includes(sim.apiKey),
      ),
    ).toEqual([]);
  });

  it('keeps the console after a reload, the key coming from the keychain', async () => {
    await harness.open();
    await consoleShown(harness);
    const status = await harness.page.evaluate(() =>
      window.offload.keys.status('default'),
    );
    expect(status).toMatchObject({
      ok: true,
      value: { configured: true, source: 'keychain' },
    });
  });
});

describe('the first run with the demo simulator', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ demo: true });
    await harness.open();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('opens straight into the demo profile when there is no other', async () => {
    const { page } = harness;
    await consoleShown(harness);
    await page.getByText('Demo (simulator)').waitFor();
    expect(
      await page
        .getByRole('heading', { name: 'Set up Offload Console' })
        .count(),
    ).toBe(0);
  });

  it('offers the demo beside the set-up form and opens the console from it', async () => {
    const { page, sim } = harness;
    // A person with a profile but no key yet sees the set-up form; the
    // demo server is offered beside it.
    const updated = await page.evaluate(
      (baseUrl) =>
        window.offload.settings.update({
          profiles: [
            { id: 'demo', name: 'Demo (simulator)', baseUrl },
            { id: 'work', name: 'Work', baseUrl },
          ],
          activeProfileId: 'work',
        }),
      sim.url,
    );
    expect(updated).toMatchObject({ ok: true });
    await page
      .getByRole('heading', { name: 'Set up Offload Console' })
      .waitFor();
    await page.getByText(sim.url, { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Try the demo' }).click();
    await consoleShown(harness);
    const info = await page.evaluate(() => window.offload.app.info());
    expect(info).toMatchObject({
      ok: true,
      value: { profile: { id: 'demo' } },
    });
  });
});
