import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness.ts';
import {
  addCasesByPaste,
  caseRow,
  detailPane,
  startConnectedConsole,
} from './connected-console.ts';

// Markup in every field Offload or the counterparty controls, and in what
// a person types, must reach the screen as text: nothing runs, and no
// element is made from it. The page's CSP would stop inline script anyway;
// these checks hold without it, since no <script> or <img> appears at all.

const SCRIPT = '<script>window.__pwned=1</script>';
const IMG = '<img src=x onerror="window.__pwned=2">';
const HOSTILE = `${SCRIPT} ${IMG}`;

/** What the page made of the hostile text, if anything. */
async function damage(harness: Harness) {
  return harness.page.evaluate(() => ({
    pwned: Reflect.get(window, '__pwned') as unknown,
    images: document.querySelectorAll('img').length,
    scripts: [...document.querySelectorAll('script')].filter(
      (script) => !script.src || script.textContent.includes('pwned'),
    ).length,
    handlers: document.querySelectorAll('[onerror], [onload], [onclick]')
      .length,
    iframes: document.querySelectorAll('iframe, object, embed').length,
  }));
}

const UNHARMED = {
  pwned: undefined,
  images: 0,
  scripts: 0,
  handlers: 0,
  iframes: 0,
};

describe('hostile text in every field', () => {
  let harness: Harness;
  let waiting = '';
  let completed = '';

  beforeAll(async () => {
    harness = await startConnectedConsole();
    const { admin } = harness.sim;
    const counterparty = {
      name: `Mallory ${HOSTILE}`,
      address: 'mallory@evil.example',
      company: `Evil ${IMG}`,
      customData: { [SCRIPT]: IMG },
    };
    waiting = (
      await admin.seedCase({
        status: 'INPUT_NEEDED',
        clientReferenceId: `REF ${SCRIPT}`,
        goal: {
          objective: `Collect the form ${HOSTILE}`,
          knowledge: { [IMG]: SCRIPT },
        },
        counterparty,
        senderPersona: { name: `Avery ${IMG}`, role: SCRIPT },
        constraints: [HOSTILE],
        question: `Is this fine? ${HOSTILE}`,
        messages: [
          { from: 'us', body: `Hello ${HOSTILE}` },
          {
            from: 'them',
            body: `Reply ${HOSTILE}\njavascript:window.__pwned=3`,
          },
        ],
        attachments: [{ name: `${IMG}.pdf`, type: SCRIPT, size: 2_048 }],
      })
    ).caseId;
    completed = (
      await admin.seedCase({
        status: 'COMPLETED',
        resultStatus: IMG,
        result: { [SCRIPT]: IMG, nested: { list: [HOSTILE] } },
        goal: { objective: `Done ${IMG}` },
        counterparty,
        messages: [{ from: 'them', body: `Final ${HOSTILE}` }],
        attachments: [{ name: `${SCRIPT}.txt`, size: 10 }],
      })
    ).caseId;
    // A label typed by the person, through CSV, is hostile too.
    const label = `"Label ${IMG.replaceAll('"', '""')}"`;
    await addCasesByPaste(
      harness,
      ['caseId,label', `${waiting},${label}`, `${completed},${label}`],
      2,
    );
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('shows hostile references, names and objectives in the list as text', async () => {
    await caseRow(harness, `REF ${SCRIPT}`).waitFor();
    await caseRow(harness, `REF ${SCRIPT}`)
      .getByText(`Collect the form ${HOSTILE}`)
      .waitFor();
    await caseRow(harness, 'Done').getByText(`Mallory ${HOSTILE}`).waitFor();
    expect(await damage(harness)).toEqual(UNHARMED);
  });

  it('shows the waiting case, its question, files and transcript as text', async () => {
    const { page } = harness;
    await caseRow(harness, `REF ${SCRIPT}`).click();
    const pane = detailPane(harness);
    await pane
      .getByRole('region', { name: 'Offload needs your input' })
      .getByText(`Is this fine? ${HOSTILE}`)
      .waitFor();
    await pane.getByText(`Collect the form ${HOSTILE}`).waitFor();
    await pane.getByText(`Label ${IMG}`).waitFor();
    await pane
      .getByRole('region', { name: 'Constraints' })
      .getByText(HOSTILE)
      .waitFor();
    await pane.getByRole('article', { name: `${IMG}.pdf` }).waitFor();
    const transcript = pane.getByRole('region', {
      name: 'Transcript',
      exact: true,
    });
    await transcript.getByRole('button', { name: 'Fetch transcript' }).click();
    await transcript.getByText(`Hello ${HOSTILE}`).waitFor();
    await transcript.getByText('javascript:window.__pwned=3').waitFor();
    expect(await transcript.getByRole('link').count()).toBe(0);

    // Finding in the transcript splits the text around <mark>s.
    await transcript
      .getByRole('searchbox', { name: 'Find in transcript' })
      .fill('onerror');
    await transcript.locator('mark').first().waitFor();
    expect(await page.locator('mark').count()).toBeGreaterThan(1);
    expect(await damage(harness)).toEqual(UNHARMED);
  });

  it('keeps a hostile answer inert as a draft, when sent and in the timeline', async () => {
    const pane = detailPane(harness);
    const panel = pane.getByRole('region', {
      name: 'Offload needs your input',
    });
    const box = panel.getByRole('textbox', { name: 'Your answer' });
    await box.fill(`Sure ${HOSTILE}`);
    await box.press('Control+Enter');
    await panel.getByText('Answer sent, waiting for Offload.').waitFor();
    await pane
      .getByRole('region', { name: 'Timeline' })
      .getByText(`Sure ${HOSTILE}`)
      .waitFor();
    const { inputs } = await harness.sim.admin.inputs();
    expect(inputs.map((input) => input.providedContext)).toEqual([
      `Sure ${HOSTILE}`,
    ]);
    expect(await damage(harness)).toEqual(UNHARMED);
  });

  it('shows a hostile result, outcome and file name as text', async () => {
    await caseRow(harness, 'Done').click();
    const pane = detailPane(harness);
    const result = pane.getByRole('region', { name: 'Result' });
    await result.getByText(IMG).first().waitFor();
    await result.getByText(SCRIPT).first().waitFor();
    await pane.getByRole('article', { name: `${SCRIPT}.txt` }).waitFor();
    await pane
      .getByRole('region', { name: 'Transcript', exact: true })
      .getByText(`Final ${HOSTILE}`)
      .waitFor();
    expect(await damage(harness)).toEqual(UNHARMED);
  });

  it('shows hostile search snippets as text around the highlights', async () => {
    const { page } = harness;
    const search = page.getByRole('searchbox', {
      name: 'Search cases and transcripts',
    });
    await search.fill('pwned');
    await search.press('Enter');
    const results = page.getByRole('region', { name: 'Search results' });
    await results.getByRole('option').first().waitFor();
    expect(await results.locator('mark').count()).toBeGreaterThan(0);
    expect(await damage(harness)).toEqual(UNHARMED);
  });
});
