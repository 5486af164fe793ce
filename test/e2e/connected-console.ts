import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { startHarness } from './harness.ts';
import type { Harness, HarnessOptions } from './harness.ts';

// Shared steps of the end-to-end scenarios that start past the first run:
// a profile with the simulator's key (set through the page's own API, as
// the first-run form does; first-run.test.ts drives the form itself), the
// console open, and cases added through the "Add cases" dialog.

/** The one profile the scenarios use. */
export const PROFILE_ID = 'work';

/** Playwright's wait for one step; under the test's own timeout. */
const STEP_TIMEOUT_MS = 10_000;

/** A harness whose console is open on a verified profile. */
export async function startConnectedConsole(
  options: HarnessOptions = {},
): Promise<Harness> {
  const harness = await startHarness(options);
  try {
    harness.page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await harness.open();
    const outcome = await harness.page.evaluate(
      async ({ profileId, baseUrl, key }) => {
        const api = window.offload;
        await api.settings.update({
          profiles: [{ id: profileId, name: 'Work', baseUrl }],
          activeProfileId: profileId,
        });
        return api.keys.set(profileId, key);
      },
      {
        profileId: PROFILE_ID,
        baseUrl: harness.sim.url,
        key: harness.sim.apiKey,
      },
    );
    if (!outcome.ok || outcome.value.outcome !== 'saved') {
      throw new Error(`the key was not saved: ${JSON.stringify(outcome)}`);
    }
    await harness.open();
    await consoleFrame(harness).waitFor();
    return harness;
  } catch (error) {
    await harness.close();
    throw error;
  }
}

/** The console's filter sidebar, present only once the console shows. */
export function consoleFrame(harness: Harness): Locator {
  return harness.page.getByRole('navigation', { name: 'Case filters' });
}

/**
 * Pastes lines (case ids, or CSV with a header) into the "Add cases"
 * dialog, waits for it to report `added` new cases, and closes it.
 */
export async function addCasesByPaste(
  harness: Harness,
  lines: readonly string[],
  added = lines.length,
): Promise<void> {
  const { page } = harness;
  await page
    .getByRole('banner')
    .getByRole('button', { name: 'Add cases' })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Add cases' });
  await dialog
    .getByRole('textbox', { name: 'Case ids' })
    .fill(lines.join('\n'));
  await dialog.getByRole('button', { name: 'Add pasted ids' }).click();
  await dialog
    .getByText(`Added ${added} ${added === 1 ? 'case' : 'cases'}.`)
    .waitFor();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** The case list (a listbox named for the filter in use). */
export function caseList(harness: Harness): Locator {
  return harness.page.getByRole('listbox', { name: /^Cases: / });
}

/** The row of a case in the case list, by the title it shows. */
export function caseRow(harness: Harness, title: string): Locator {
  return caseList(harness).getByRole('option', { name: title });
}

/** The open case's detail pane. */
export function detailPane(harness: Harness): Locator {
  return harness.page.getByRole('complementary', { name: 'Case detail' });
}

/** Every regular file under a folder, recursively. */
export function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((name) => join(folder, name))
    .filter((path) => statSync(path).isFile());
}
