// What the UI benchmark runs inside Chromium. Playwright sends these
// functions to the page as source, so each one stands alone: no imports,
// no closures over this module.

/** A task the browser reported as long (50 ms or more). */
export interface LongTask {
  start: number;
  duration: number;
}

/** One call over the harness's bridge, as the page saw it. */
export interface BridgeCall {
  channel: string;
  start: number;
  end: number;
}

/** What the probe keeps on `window.offloadUiBench`. */
export interface UiProbe {
  longTasks: LongTask[];
  bridgeCalls: BridgeCall[];
  /** The bridge's binding was found and is being timed. */
  bridgeTimed: boolean;
  /** When the first option row was painted, ms since navigation. */
  firstRow: Promise<number>;
  /** Resolves with the time of the first paint after `test()` holds. */
  paintedWhen: (test: () => boolean) => Promise<number>;
}

/** The figures of one pass over a whole list. */
export interface ScrollFigures {
  longTasks: LongTask[];
  /** The longest gap between two animation frames. */
  worstFrameMs: number;
  frames: number;
  elapsedMs: number;
  /** The list's last row was on screen at the end. */
  reachedEnd: boolean;
}

/** The first painted case row, and the bridge calls made before it. */
export interface FirstRowFigures {
  ms: number;
  bridgeCalls: BridgeCall[];
}

/** The figures of opening a transcript. */
export interface TranscriptFigures {
  ms: number;
  longTasks: LongTask[];
  bridgeCalls: BridgeCall[];
  /** What was on screen, to check the right thing was measured. */
  shown: string;
}

/**
 * The init script: records long tasks from the start, times every call
 * over the harness's bridge (its binding is looked up on each call, so it
 * can be wrapped here), and notes the first paint after a case list row
 * appeared. A row counts once it is laid out; the time is taken in a
 * message task after the frame that paints it.
 */
export function installProbe(): void {
  const longTasks: LongTask[] = [];
  const bridgeCalls: BridgeCall[] = [];
  type Invoke = (channel: string, args: unknown[]) => Promise<unknown>;
  const harness = window as unknown as { offloadHarnessInvoke?: Invoke };
  const invoke = harness.offloadHarnessInvoke;
  if (invoke) {
    harness.offloadHarnessInvoke = (channel, args) => {
      const start = performance.now();
      const done = () =>
        bridgeCalls.push({ channel, start, end: performance.now() });
      const result = invoke(channel, args);
      result.then(done, done);
      return result;
    };
  }
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      longTasks.push({ start: entry.startTime, duration: entry.duration });
    }
  }).observe({ type: 'longtask' });

  // oxlint-disable-next-line unicorn/consistent-function-scoping -- sent to the page as source, so it must be inside
  const paintedWhen = (test: () => boolean) =>
    new Promise<number>((resolve) => {
      const frame = () => {
        if (!test()) {
          requestAnimationFrame(frame);
          return;
        }
        // This frame paints what test() saw; a message runs after it.
        const channel = new MessageChannel();
        channel.port1.addEventListener(
          'message',
          () => resolve(performance.now()),
          { once: true },
        );
        channel.port1.start();
        channel.port2.postMessage(null);
      };
      requestAnimationFrame(frame);
    });

  const firstRow = paintedWhen(() => {
    const row = document.querySelector('[role="option"]');
    return row !== null && row.getBoundingClientRect().height > 0;
  });
  const probe: UiProbe = {
    longTasks,
    bridgeCalls,
    bridgeTimed: invoke !== undefined,
    firstRow,
    paintedWhen,
  };
  (window as unknown as { offloadUiBench: UiProbe }).offloadUiBench = probe;
}

/** In the page: the first painted row (ms since navigation). */
export async function firstRowTime(): Promise<FirstRowFigures> {
  const probe = (window as unknown as { offloadUiBench: UiProbe })
    .offloadUiBench;
  if (!probe.bridgeTimed) throw new Error('the bridge could not be timed');
  const ms = await probe.firstRow;
  return {
    ms,
    bridgeCalls: probe.bridgeCalls.filter((call) => call.start < ms),
  };
}

/**
 * In the page: scrolls the listbox from top to bottom one screen per
 * animation frame (as fast as dragging the scrollbar), recording long
 * tasks and frame gaps on the way.
 */
export async function scrollWholeList(): Promise<ScrollFigures> {
  const probe = (window as unknown as { offloadUiBench: UiProbe })
    .offloadUiBench;
  const box = document.querySelector<HTMLElement>('[role="listbox"]');
  if (!box) throw new Error('no listbox on the page');
  // oxlint-disable-next-line unicorn/consistent-function-scoping -- sent to the page as source, so it must be inside
  const nextFrame = () =>
    new Promise<number>((resolve) => requestAnimationFrame(resolve));
  box.scrollTop = 0;
  await nextFrame();
  await nextFrame();

  const from = performance.now();
  let frames = 0;
  let worstFrameMs = 0;
  let last = await nextFrame();
  while (box.scrollTop + box.clientHeight < box.scrollHeight - 1) {
    box.scrollTop += box.clientHeight;
    const time = await nextFrame();
    worstFrameMs = Math.max(worstFrameMs, time - last);
    last = time;
    frames += 1;
  }
  const to = performance.now();
  // Let the last frames render and their long tasks be reported.
  await nextFrame();
  await nextFrame();
  await new Promise((resolve) => setTimeout(resolve, 300));

  const options = box.querySelectorAll('[role="option"]');
  const lastRow = options[options.length - 1];
  const boxRect = box.getBoundingClientRect();
  const rowRect = lastRow?.getBoundingClientRect();
  const total = Number(lastRow?.getAttribute('aria-setsize') ?? NaN);
  const position = Number(lastRow?.getAttribute('aria-posinset') ?? NaN);
  const reachedEnd =
    rowRect !== undefined &&
    rowRect.bottom <= boxRect.bottom + 1 &&
    rowRect.top >= boxRect.top &&
    (Number.isNaN(total) || position === total);
  return {
    longTasks: probe.longTasks.filter(
      (task) => task.start >= from && task.start <= to,
    ),
    worstFrameMs,
    frames,
    elapsedMs: to - from,
    reachedEnd,
  };
}

/**
 * In the page: clicks the first case row (the one with the big
 * transcript) and times it until transcript messages are painted.
 */
export async function openFirstCaseTranscript(): Promise<TranscriptFigures> {
  const probe = (window as unknown as { offloadUiBench: UiProbe })
    .offloadUiBench;
  const row = document.querySelector<HTMLElement>(
    '[role="option"][aria-posinset="1"]',
  );
  if (!row) throw new Error('no first case row');
  const from = performance.now();
  row.click();
  const painted = await probe.paintedWhen(() => {
    const message = document.querySelector(
      '[aria-label="Transcript messages"] [role="article"]',
    );
    return message !== null && message.getBoundingClientRect().height > 0;
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const first = document.querySelector(
    '[aria-label="Transcript messages"] [role="article"]',
  );
  return {
    ms: painted - from,
    longTasks: probe.longTasks.filter((task) => task.start >= from),
    bridgeCalls: probe.bridgeCalls.filter(
      (call) => call.start >= from && call.start < painted,
    ),
    shown: `${row.textContent ?? ''} | ${first?.textContent?.slice(0, 80) ?? ''}`,
  };
}

/**
 * In the page (the peer): reads the transcript over the same bridge and
 * shows it as one <pre>, timed until painted.
 */
export async function peerTranscript(
  caseId: string,
): Promise<TranscriptFigures> {
  const probe = (window as unknown as { offloadUiBench: UiProbe })
    .offloadUiBench;
  const pre = document.querySelector('pre');
  if (!pre) throw new Error('no <pre> on the peer page');
  const from = performance.now();
  const result = await window.offload.transcripts.get(caseId);
  const text = result.ok ? result.value?.text : null;
  if (typeof text !== 'string') {
    throw new Error('the peer could not read the transcript');
  }
  pre.textContent = text;
  const painted = await probe.paintedWhen(() => true);
  await new Promise((resolve) => setTimeout(resolve, 300));
  return {
    ms: painted - from,
    longTasks: probe.longTasks.filter((task) => task.start >= from),
    bridgeCalls: probe.bridgeCalls.filter(
      (call) => call.start >= from && call.start < painted,
    ),
    shown: pre.textContent.slice(0, 80),
  };
}

/** In the page: how long the bridge alone takes to hand over a transcript. */
export async function bridgeTranscriptTime(caseId: string): Promise<number> {
  const from = performance.now();
  const result = await window.offload.transcripts.get(caseId);
  if (!result.ok) throw new Error(result.error.message);
  return performance.now() - from;
}

/** In the page: how long the bridge alone takes to hand over the list. */
export async function bridgeListTime(): Promise<number> {
  const from = performance.now();
  const result = await window.offload.cases.list();
  if (!result.ok) throw new Error(result.error.message);
  return performance.now() - from;
}

/**
 * The peer of the case list: the same rows from the same bridge call,
 * sorted the same way, as plain DOM, all 10,000 of them, no framework and
 * no virtualising.
 */
export const PEER_LIST_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Peer list</title>
<style>
  body { margin: 0; font: 14px system-ui, sans-serif; }
  [role="listbox"] { height: 100vh; overflow: auto; }
  .row { height: 56px; box-sizing: border-box; padding: 6px 12px;
    border-bottom: 1px solid #ddd; }
  .line { display: flex; gap: 8px; white-space: nowrap; overflow: hidden; }
  .grow { flex: 1; overflow: hidden; text-overflow: ellipsis; }
</style></head>
<body><div role="listbox" aria-label="Cases"></div>
<script>
(async () => {
  const result = await window.offload.cases.list();
  if (!result.ok) throw new Error(result.error.message);
  const items = result.value.toSorted(
    (a, b) => (b.updatedAt ?? -Infinity) - (a.updatedAt ?? -Infinity),
  );
  const now = Date.now();
  const ago = (at) => {
    const minutes = Math.round((now - at) / 60000);
    if (minutes < 60) return minutes + ' min ago';
    const hours = Math.round(minutes / 60);
    return hours < 24 ? hours + ' h ago' : Math.round(hours / 24) + ' d ago';
  };
  const add = (parent, className, text) => {
    const span = document.createElement('span');
    span.className = className;
    span.textContent = text;
    parent.append(span);
  };
  const list = document.querySelector('[role="listbox"]');
  const rows = document.createDocumentFragment();
  items.forEach((item, index) => {
    const row = document.createElement('div');
    row.className = 'row';
    row.setAttribute('role', 'option');
    row.setAttribute('aria-posinset', String(index + 1));
    row.setAttribute('aria-setsize', String(items.length));
    const first = document.createElement('div');
    first.className = 'line';
    add(first, '', item.status ?? '');
    add(first, 'grow', item.clientReferenceId || item.label || item.caseId);
    add(first, '', item.updatedAt === undefined ? '' : ago(item.updatedAt));
    const second = document.createElement('div');
    second.className = 'line';
    add(second, '', item.counterpartyName || item.counterpartyAddress || '');
    add(second, 'grow', item.objective ?? '');
    add(second, '', item.attemptCount + ' of ' + (item.maxAttempts + 1) + ' e-mails');
    row.append(first, second);
    rows.append(row);
  });
  list.append(rows);
})();
</script></body></html>`;

/** The peer of the transcript view: one <pre> filled by peerTranscript(). */
export const PEER_TRANSCRIPT_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Peer transcript</title>
<style>
  body { margin: 0; font: 14px system-ui, sans-serif; }
  pre { height: 100vh; overflow: auto; margin: 0; white-space: pre-wrap; }
</style></head>
<body><pre></pre></body></html>`;
