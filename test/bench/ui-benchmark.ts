import { startHarness } from '../e2e/harness.ts';
import type { Harness } from '../e2e/harness.ts';
import { median } from './median.ts';
import { bridgeBusy } from './ui-bridge-time.ts';
import {
  PEER_LIST_HTML,
  PEER_TRANSCRIPT_HTML,
  bridgeListTime,
  bridgeTranscriptTime,
  firstRowTime,
  installProbe,
  openFirstCaseTranscript,
  peerTranscript,
  scrollWholeList,
} from './ui-page-scripts.ts';
import type {
  FirstRowFigures,
  LongTask,
  ScrollFigures,
  TranscriptFigures,
} from './ui-page-scripts.ts';
import { BIG_CASE_ID, UI_CASES, seedUiData } from './ui-seed.ts';

// `npm run bench -- ui`: the console in Chromium through the end-to-end
// harness (the built renderer, the real core behind the bridge) with
// 10,000 cases saved (ui-seed.ts), against plain pages in the same
// browser that draw the same data with no framework:
//
// - first render: navigation start to the first painted case row; the
//   peer draws all 10,000 rows as plain DOM from the same bridge call.
// - scrolling: the whole list top to bottom, one screen per frame; the
//   longest task (Long Tasks API, so only tasks of 50 ms or more are
//   seen) and the longest gap between frames. The peer scrolls its
//   plain 10,000 rows the same way.
// - transcript: click on the case with the 5 MB transcript to its first
//   painted message; the peer reads the same text over the bridge and
//   puts it into one <pre>.
//
// The bridge here is a Playwright binding (its own serialisation over the
// DevTools protocol), far slower than Electron's IPC for big answers. Both
// sides pay it; each time figure is also printed "outside the bridge":
// minus the time some bridge call was open, as the page saw it.

const FIRST_RENDER_ROUNDS = 5;
const SCROLL_ROUNDS = 3;
const TRANSCRIPT_ROUNDS = 5;
const CORE_ROUNDS = 5;
/** After the first row: let the start-up reads finish before measuring. */
const SETTLE_MS = 1_000;

const TARGET_FIRST_RENDER_MS = 300;
const TARGET_LONG_TASK_MS = 50;
const TARGET_TRANSCRIPT_MS = 200;

function ms(value: number): string {
  return value < 10 ? value.toFixed(1) : value.toFixed(0);
}

function ratio(ours: number, theirs: number): string {
  return theirs > 0 ? `${(ours / theirs).toFixed(2)}x` : 'n/a';
}

function verdict(value: number, target: number): string {
  return value < target ? 'met' : 'MISSED';
}

function rounds(values: readonly number[]): string {
  return values.map(ms).join(', ');
}

function longest(tasks: readonly LongTask[]): number {
  return Math.max(0, ...tasks.map((task) => task.duration));
}

function longestWords(tasks: readonly LongTask[]): string {
  return tasks.length === 0
    ? 'none >= 50 ms'
    : `${ms(longest(tasks))} ms, ${tasks.length} >= 50 ms`;
}

async function pause(delayMs: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, delayMs));
}

/** A page of the bench's own, served at the console's origin. */
function peerUrl(origin: string, name: string): string {
  return `${origin}/__bench/${name}`;
}

async function loadApp(harness: Harness, origin: string) {
  await harness.page.goto(`${origin}/`);
  return harness.page.evaluate(firstRowTime);
}

async function loadPeerList(harness: Harness, origin: string) {
  await harness.page.goto(peerUrl(origin, 'list.html'));
  return harness.page.evaluate(firstRowTime);
}

/** Events the core sent the page (a sync would disturb the figures). */
function eventCount(harness: Harness): number {
  return harness.crossings.filter((crossing) => crossing.direction === 'event')
    .length;
}

async function simulatorRequests(harness: Harness): Promise<number> {
  const { requests } = await harness.sim.admin.requests();
  return requests.length;
}

/** The core's own time for the list, in Node, with no transport. */
async function coreListTime(harness: Harness): Promise<number> {
  const times: number[] = [];
  for (let round = 0; round < CORE_ROUNDS; round += 1) {
    const start = performance.now();
    await harness.app.handlers['cases.list']();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** The first figure and the same without the bridge's share, per round. */
interface Timed {
  ms: number;
  outsideBridge: number;
}

function timedFirst(figures: FirstRowFigures): Timed {
  return {
    ms: figures.ms,
    outsideBridge: figures.ms - bridgeBusy(figures.bridgeCalls, 0, figures.ms),
  };
}

function timedTranscript(figures: TranscriptFigures): Timed {
  const from = Math.min(
    ...figures.bridgeCalls.map((call) => call.start),
    Number.POSITIVE_INFINITY,
  );
  const busy = Number.isFinite(from)
    ? bridgeBusy(figures.bridgeCalls, from, from + figures.ms)
    : 0;
  return { ms: figures.ms, outsideBridge: figures.ms - busy };
}

function reportTimed(
  label: string,
  app: readonly Timed[],
  peer: readonly Timed[],
  peerName: string,
  target: number,
): void {
  for (const [which, pick] of [
    ['', (timed: Timed) => timed.ms],
    [' outside the bridge', (timed: Timed) => timed.outsideBridge],
  ] as const) {
    const ours = app.map(pick);
    const theirs = peer.map(pick);
    console.log(
      `ui ${label}${which}: ${ms(median(ours))} ms (${peerName} ` +
        `${ms(median(theirs))} ms, ${ratio(median(ours), median(theirs))}) ` +
        `target <${target} ms: ${verdict(median(ours), target)} ` +
        `[app ${rounds(ours)}; peer ${rounds(theirs)}]`,
    );
  }
}

/** `npm run bench -- ui` */
export async function benchUi(): Promise<void> {
  const setupStart = performance.now();
  const harness = await startHarness({
    demo: true,
    prepare: async (dataDir) => seedUiData(dataDir),
  });
  try {
    const { page } = harness;
    await page.route('**/__bench/*', (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: route.request().url().endsWith('/list.html')
          ? PEER_LIST_HTML
          : PEER_TRANSCRIPT_HTML,
      }),
    );
    await page.addInitScript(installProbe);
    await harness.open();
    const origin = new URL(page.url()).origin;
    const transcriptChars = await page.evaluate(async (caseId) => {
      const result = await window.offload.transcripts.get(caseId);
      return result.ok ? (result.value?.text?.length ?? 0) : 0;
    }, BIG_CASE_ID);
    console.log(
      `ui setup: ${UI_CASES} cases saved, transcript of ` +
        `${(transcriptChars / 1024 / 1024).toFixed(2)} M characters, ` +
        `ready in ${((performance.now() - setupStart) / 1000).toFixed(1)} s`,
    );
    const requestsBefore = await simulatorRequests(harness);
    const eventsBefore = eventCount(harness);

    // Warm-up (compiled code, caches) for both sides, not counted.
    await loadApp(harness, origin);
    await loadPeerList(harness, origin);

    // -------------------------------------------------------- first render
    const appFirst: Timed[] = [];
    const peerFirst: Timed[] = [];
    const listBridge: number[] = [];
    for (let round = 0; round < FIRST_RENDER_ROUNDS; round += 1) {
      appFirst.push(timedFirst(await loadApp(harness, origin)));
      peerFirst.push(timedFirst(await loadPeerList(harness, origin)));
      await pause(SETTLE_MS);
      listBridge.push(await page.evaluate(bridgeListTime));
    }

    // ----------------------------------------------------------- scrolling
    const appScroll: ScrollFigures[] = [];
    const peerScroll: ScrollFigures[] = [];
    for (let round = 0; round < SCROLL_ROUNDS; round += 1) {
      await loadApp(harness, origin);
      await pause(SETTLE_MS);
      appScroll.push(await page.evaluate(scrollWholeList));
      await loadPeerList(harness, origin);
      await pause(SETTLE_MS);
      peerScroll.push(await page.evaluate(scrollWholeList));
    }

    // ---------------------------------------------------------- transcript
    const appTranscript: TranscriptFigures[] = [];
    const peerTranscripts: TranscriptFigures[] = [];
    const transcriptBridge: number[] = [];
    for (let round = 0; round <= TRANSCRIPT_ROUNDS; round += 1) {
      await loadApp(harness, origin);
      await pause(SETTLE_MS);
      const app = await page.evaluate(openFirstCaseTranscript);
      await page.goto(peerUrl(origin, 'transcript.html'));
      const peer = await page.evaluate(peerTranscript, BIG_CASE_ID);
      const bridge = await page.evaluate(bridgeTranscriptTime, BIG_CASE_ID);
      if (round === 0) {
        // The first round warms up; show what was measured.
        console.log(`ui transcript check: the app showed "${app.shown}"`);
        continue;
      }
      appTranscript.push(app);
      peerTranscripts.push(peer);
      transcriptBridge.push(bridge);
    }

    const requests = (await simulatorRequests(harness)) - requestsBefore;
    const events = eventCount(harness) - eventsBefore;
    const coreList = await coreListTime(harness);

    // -------------------------------------------------------------- report
    reportTimed(
      'first render',
      appFirst,
      peerFirst,
      'peer',
      TARGET_FIRST_RENDER_MS,
    );
    console.log(
      `ui   the bridge's cases.list of ${UI_CASES} cases alone: ` +
        `${ms(median(listBridge))} ms in the page (Playwright binding); ` +
        `the core's own cases.list in Node: ${ms(coreList)} ms`,
    );

    const appTasks = appScroll.map((figures) => longest(figures.longTasks));
    const peerTasks = peerScroll.map((figures) => longest(figures.longTasks));
    const appTask = median(appTasks);
    const peerTask = median(peerTasks);
    console.log(
      `ui longest task while scrolling ${UI_CASES} rows: ` +
        `${appTask === 0 ? '< 50' : ms(appTask)} ms (peer ` +
        `${peerTask === 0 ? '< 50' : ms(peerTask)} ms, ` +
        `${ratio(appTask, peerTask)}) target <${TARGET_LONG_TASK_MS} ms: ` +
        `${verdict(Math.max(...appTasks), TARGET_LONG_TASK_MS)} ` +
        `[app ${appScroll.map((f) => longestWords(f.longTasks)).join('; ')}; ` +
        `peer ${peerScroll.map((f) => longestWords(f.longTasks)).join('; ')}]`,
    );
    const appFrame = median(appScroll.map((figures) => figures.worstFrameMs));
    const peerFrame = median(peerScroll.map((f) => f.worstFrameMs));
    console.log(
      `ui longest frame gap while scrolling: ${ms(appFrame)} ms ` +
        `(peer ${ms(peerFrame)} ms, ${ratio(appFrame, peerFrame)}); ` +
        `${appScroll[0]?.frames ?? 0} frames in ` +
        `${ms(median(appScroll.map((f) => f.elapsedMs)))} ms ` +
        `(peer ${peerScroll[0]?.frames ?? 0} in ` +
        `${ms(median(peerScroll.map((f) => f.elapsedMs)))} ms); ` +
        `last row on screen at the end: app ` +
        `${appScroll.every((f) => f.reachedEnd)}, peer ` +
        `${peerScroll.every((f) => f.reachedEnd)}`,
    );

    reportTimed(
      '5 MB transcript',
      appTranscript.map(timedTranscript),
      peerTranscripts.map(timedTranscript),
      'peer <pre>',
      TARGET_TRANSCRIPT_MS,
    );
    console.log(
      `ui   the bridge's transcripts.get alone: ` +
        `${ms(median(transcriptBridge))} ms; longest task while opening: ` +
        `app ${longestWords(appTranscript.flatMap((f) => f.longTasks))}, ` +
        `peer ${longestWords(peerTranscripts.flatMap((f) => f.longTasks))}`,
    );
    console.log(
      `ui undisturbed: ${requests} requests to the simulator and ${events} ` +
        `core events while measuring (both should be 0)`,
    );
  } finally {
    await harness.close();
  }
}
