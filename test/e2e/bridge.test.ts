import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness } from './harness.ts';
import type { Harness } from './harness.ts';

// The bridge as the page sees it, in real Chromium: the preload's API
// over the harness transport, the gate and the real core behind it.

/** Every regular file under a folder, recursively. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((name) => join(folder, name))
    .filter((path) => statSync(path).isFile());
}

describe('the bridge in Chromium', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
    await harness.open();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('gives the page one namespace per area and nothing generic', async () => {
    const shape = await harness.page.evaluate(() => {
      const api = window.offload as unknown as Record<string, object>;
      return Object.fromEntries(
        Object.entries(api).map(([space, tasks]) => [
          space,
          Object.keys(tasks).toSorted(),
        ]),
      );
    });
    expect(Object.keys(shape).toSorted()).toEqual([
      'app',
      'cases',
      'downloads',
      'events',
      'input',
      'keys',
      'search',
      'settings',
      'sync',
      'transcripts',
      'watch',
    ]);
    expect(shape.events).toEqual(['on']);
    expect(JSON.stringify(shape)).not.toMatch(/invoke|send|ipc/i);
  });

  it('keeps window.offload from being replaced by page code', async () => {
    const replaced = await harness.page.evaluate(() => {
      try {
        (window as unknown as { offload: unknown }).offload = {};
      } catch {
        // Strict-mode pages throw; either way the API must stay.
      }
      return typeof window.offload.app.info === 'function';
    });
    expect(replaced).toBe(true);
  });

  it('answers a first-run page with no profile yet', async () => {
    const info = await harness.page.evaluate(() => window.offload.app.info());
    expect(info).toEqual({
      ok: true,
      value: expect.objectContaining({ profile: null, version: 'e2e' }),
    });
    const list = await harness.page.evaluate(() => window.offload.cases.list());
    expect(list).toEqual({
      ok: false,
      error: { kind: 'no-profile', message: expect.any(String) },
    });
  });

  it('refuses malformed arguments from the page with words', async () => {
    const result = await harness.page.evaluate(() =>
      (
        window.offload.cases.detail as unknown as (
          id: unknown,
        ) => Promise<unknown>
      )({ toString: 'x' }),
    );
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'invalid-arguments',
        message: expect.stringContaining('cases.detail'),
      },
    });
  });

  it('never lets the API key reach the page, the log or any file', async () => {
    const { page, sim } = harness;
    const waiting = await sim.admin.seedCase({
      status: 'INPUT_NEEDED',
      question: 'Which invoice?',
      attachments: [{ name: 'invoice.pdf', size: 20_000 }],
    });
    const outcome = await page.evaluate(
      async ({ baseUrl, key, caseId }) => {
        const api = window.offload;
        await api.settings.update({
          profiles: [{ id: 'work', name: 'Work', baseUrl }],
          activeProfileId: 'work',
        });
        const set = await api.keys.set('work', key);
        await api.watch.add({ text: caseId, source: 'paste' });
        await api.sync.refreshAll();
        const detail = await api.cases.detail(caseId);
        const requestId =
          detail.ok && detail.value?.snapshot?.view.inputRequest?.id;
        const answer = requestId
          ? await api.input.submit(caseId, requestId, 'INV-7')
          : null;
        await api.transcripts.refresh(caseId);
        await api.keys.status('work');
        return { set, answer };
      },
      { baseUrl: sim.url, key: sim.apiKey, caseId: waiting.caseId },
    );
    expect(outcome.set).toMatchObject({
      ok: true,
      value: { outcome: 'saved' },
    });
    expect(outcome.answer).toMatchObject({
      ok: true,
      value: { outcome: 'accepted' },
    });

    const crossed = harness.crossings.map((crossing) => crossing.json);
    expect(crossed.length).toBeGreaterThan(8);
    expect(crossed.filter((json) => json.includes(sim.apiKey))).toEqual([]);
    expect(readFileSync(harness.logFile, 'utf8')).not.toContain(sim.apiKey);
    const files = filesUnder(harness.dataDir);
    expect(files.some((path) => path.endsWith('.db'))).toBe(true);
    expect(files.some((path) => path.endsWith('settings.json'))).toBe(true);
    for (const path of files) {
      expect(readFileSync(path).includes(sim.apiKey), path).toBe(false);
    }
  });
});
