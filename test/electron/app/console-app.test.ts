import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  inject,
  it,
} from 'vitest';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DownloadJob } from '../../../shared/download-job.ts';
import type { IpcMethodName } from '../../../shared/ipc.ts';
import { caseStorePath } from '../../../electron/app/profile-runtime.ts';
import { KeytarSecretStore } from '../../../electron/core/credentials/keytar-secret-store.ts';
import { MemorySecretStore } from '../../../electron/core/credentials/memory-secret-store.ts';
import { openCaseStore } from '../../../electron/core/store/case-store.ts';
import { startSimulator } from '../../simulator/simulator.ts';
import type { RunningSimulator } from '../../simulator/simulator.ts';
import { filesContaining } from '../core/credentials/files-containing.ts';
import {
  openAppRig,
  removeDataDir,
  settle,
  tempDataDir,
  type AppRig,
} from './app-rig.ts';

// The console app through its handler table and the gate, against the
// simulator, a real SQLite store, the real keychain (the suite's private
// Secret Service) and the real log file. Time in the simulator is frozen;
// the poll loop's tick is an hour, so only the calls a test makes move it.

const keyring = inject('keyring');
/** Where a key set in these tests ends up on this machine. */
const STORAGE = keyring.available ? 'keychain' : 'session';
const KEY_OPTIONS = keyring.available ? undefined : { sessionOnly: true };

let sim: RunningSimulator;
let sim2: RunningSimulator;
const rigs: AppRig[] = [];

beforeAll(async () => {
  sim = await startSimulator({ seed: 51, timeScale: 0, checkResponses: true });
  sim2 = await startSimulator({ seed: 52, timeScale: 0, checkResponses: true });
});

afterEach(async () => {
  for (const rig of rigs.splice(0)) {
    await rig.close();
    removeDataDir(rig.dataDir);
  }
});

afterAll(async () => {
  await sim.close();
  await sim2.close();
});

function keychain(): KeytarSecretStore {
  return new KeytarSecretStore({
    service: `Offload Console test console-app ${randomUUID()}`,
  });
}

async function rigWith(
  options: Parameters<typeof openAppRig>[0],
): Promise<AppRig> {
  const rig = await openAppRig(options);
  rigs.push(rig);
  return rig;
}

/** A rig with profile "work" at `server` and its key set. */
async function workRig(server: RunningSimulator = sim): Promise<AppRig> {
  const rig = await rigWith({ secretStore: keychain() });
  await rig.value('settings.update', {
    profiles: [{ id: 'work', name: 'Work', baseUrl: server.url }],
    activeProfileId: 'work',
  });
  const saved = await rig.value('keys.set', 'work', server.apiKey, KEY_OPTIONS);
  expect(saved).toMatchObject({ outcome: 'saved', storage: STORAGE });
  return rig;
}

/** Resolves with the job once a download of `attachmentId` ends. */
function downloadEnded(
  rig: AppRig,
  attachmentId: string,
): Promise<DownloadJob> {
  return new Promise((resolve) => {
    const stop = rig.app.onEvent((name, payload) => {
      if (name !== 'download') return;
      const { job } = payload as { job: DownloadJob };
      if (
        job.attachmentId === attachmentId &&
        (job.state === 'done' ||
          job.state === 'failed' ||
          job.state === 'cancelled')
      ) {
        stop();
        resolve(job);
      }
    });
  });
}

describe('a working session through the handler table', () => {
  it('keeps cases, answers, files and events in step, and never lets the key out', async () => {
    const rig = await rigWith({ secretStore: keychain() });
    const { desktop } = rig;
    const downloads = join(rig.dataDir, 'Downloads');

    // First run: no profile yet.
    expect(await rig.value('app.info')).toEqual({
      version: '0.1.0-test',
      platform: 'linux',
      profile: null,
      demo: null,
    });

    // Profile, download folder and key.
    await rig.value('settings.update', {
      profiles: [{ id: 'work', name: 'Work', baseUrl: sim.url }],
      activeProfileId: 'work',
    });
    desktop.folderChoice = downloads;
    expect(await rig.value('settings.chooseDownloadFolder')).toEqual({
      path: downloads,
    });
    expect((await rig.value('settings.get')).downloadFolder).toBe(downloads);
    expect(rig.eventsOf('settings').at(-1)?.downloadFolder).toBe(downloads);

    const saved = await rig.value('keys.set', 'work', sim.apiKey, KEY_OPTIONS);
    expect(saved).toEqual({
      outcome: 'saved',
      verifiedAt: expect.any(Number),
      storage: STORAGE,
    });
    expect(await rig.value('keys.status', 'work')).toMatchObject({
      configured: true,
      source: STORAGE,
      verifiedAt: expect.any(Number),
    });

    // Cases to watch, pasted with one line that is no id.
    const running = await sim.admin.seedCase({
      status: 'RUNNING',
      clientReferenceId: 'REF-RUN',
    });
    const waiting = await sim.admin.seedCase({
      status: 'INPUT_NEEDED',
      question: 'Which invoice number should we quote?',
    });
    const done = await sim.admin.seedCase({
      status: 'COMPLETED',
      messages: [
        { from: 'us', body: 'Hello, could you send the signed contract?' },
        { from: 'them', body: 'Here is the zebracontract you asked for.' },
      ],
      attachments: [
        { name: 'contract.pdf', size: 300_000, type: 'application/pdf' },
        { name: 'setup.exe', size: 1_000 },
      ],
    });
    const added = await rig.value('watch.add', {
      text: `${running.caseId}\n${waiting.caseId}, ${done.caseId}\nbad/id\n`,
      source: 'paste',
    });
    expect(added.added.toSorted()).toEqual(
      [running.caseId, waiting.caseId, done.caseId].toSorted(),
    );
    expect(added.problems).toEqual([
      expect.objectContaining({ line: 3, text: 'bad/id' }),
    ]);

    // Sync, list, detail.
    const summary = await rig.value('sync.refreshAll');
    expect(summary).toMatchObject({ cases: 3, failed: 0, stoppedBy: null });
    const list = await rig.value('cases.list');
    expect(
      Object.fromEntries(list.map((item) => [item.caseId, item.status])),
    ).toEqual({
      [running.caseId]: 'RUNNING',
      [waiting.caseId]: 'INPUT_NEEDED',
      [done.caseId]: 'COMPLETED',
    });
    // The first screen: the most recently changed cases, as the whole
    // list begins.
    expect(await rig.value('cases.list', { first: 2 })).toEqual(
      list.slice(0, 2),
    );
    expect(await rig.value('cases.resolve', 'REF-RUN')).toEqual([
      running.caseId,
    ]);
    expect(await rig.value('sync.state')).toMatchObject({
      connection: 'online',
    });

    // Transcript and search.
    const transcript = await rig.value('transcripts.refresh', done.caseId);
    expect(transcript).toMatchObject({ ok: true });
    expect((await rig.value('transcripts.get', done.caseId))?.text).toContain(
      'zebracontract',
    );
    const hits = await rig.value('search.query', 'zebracontract', 10);
    expect(hits.map((hit) => hit.caseId)).toEqual([done.caseId]);

    // Badge and notifications after the first sync: one question waits;
    // the case that was already completed when added is not news.
    await settle();
    expect(desktop.badge).toBe(1);
    expect(desktop.notices).toEqual([
      expect.objectContaining({
        caseId: waiting.caseId,
        body: 'Which invoice number should we quote?',
      }),
    ]);

    // Answer the waiting case, with a draft first.
    const detail = await rig.value('cases.detail', waiting.caseId);
    const requestId = detail?.snapshot?.view.inputRequest?.id ?? '';
    expect(requestId).not.toBe('');
    await rig.value('input.saveDraft', waiting.caseId, requestId, 'INV-');
    expect((await rig.value('cases.detail', waiting.caseId))?.draft?.text).toBe(
      'INV-',
    );
    const answer = await rig.value(
      'input.submit',
      waiting.caseId,
      requestId,
      'Quote INV-2291',
    );
    expect(answer).toMatchObject({ outcome: 'accepted' });
    expect((await sim.admin.inputs()).inputs).toEqual([
      expect.objectContaining({ caseId: waiting.caseId }),
    ]);
    const answered = await rig.value('cases.detail', waiting.caseId);
    expect(answered?.answers).toEqual([
      expect.objectContaining({ text: 'Quote INV-2291', outcome: 'accepted' }),
    ]);
    expect(answered?.draft).toBeNull();
    await settle();
    expect(desktop.badge).toBe(0);

    // A case completing later is news; a failure is not, once turned off.
    await sim.admin.transition(running.caseId, { to: 'COMPLETED' });
    await rig.value('cases.refresh', running.caseId);
    expect(desktop.notices.at(-1)).toMatchObject({
      caseId: running.caseId,
      title: expect.stringContaining('completed'),
    });
    await rig.value('settings.update', { notifications: { failed: false } });
    const failing = await sim.admin.seedCase({ status: 'RUNNING' });
    await rig.value('watch.add', { text: failing.caseId, source: 'single' });
    await rig.value('cases.refresh', failing.caseId);
    await sim.admin.transition(failing.caseId, { to: 'FAILED' });
    await rig.value('cases.refresh', failing.caseId);
    expect(
      rig
        .eventsOf('sync')
        .some(
          (event) => event.type === 'failed' && event.caseId === failing.caseId,
        ),
    ).toBe(true);
    expect(desktop.notices.map((notice) => notice.caseId)).not.toContain(
      failing.caseId,
    );

    // Download the attachments; the PDF checks out by SHA-256.
    const [pdf, exe] = done.case.attachments;
    const pdfEnded = downloadEnded(rig, pdf!.attachmentId);
    const exeEnded = downloadEnded(rig, exe!.attachmentId);
    const jobs = await rig.value('downloads.start', done.caseId);
    expect(jobs.map((job) => job.fileName).toSorted()).toEqual([
      'contract.pdf',
      'setup.exe',
    ]);
    const pdfJob = await pdfEnded;
    await exeEnded;
    const expected = await sim.admin.expectedSha256(
      done.caseId,
      pdf!.attachmentId,
    );
    expect(pdfJob).toMatchObject({
      state: 'done',
      sha256: expected.sha256,
      path: join(downloads, 'contract.pdf'),
    });
    expect((await rig.value('downloads.list')).map((job) => job.state)).toEqual(
      ['done', 'done'],
    );
    expect(
      (await rig.value('cases.detail', done.caseId))?.downloads,
    ).toContainEqual(
      expect.objectContaining({
        attachmentId: pdf!.attachmentId,
        sha256: expected.sha256,
      }),
    );

    // Open and show what was saved; programs are only shown.
    expect(
      await rig.value('downloads.open', done.caseId, pdf!.attachmentId),
    ).toEqual({ opened: true });
    expect(desktop.openedPaths).toEqual([join(downloads, 'contract.pdf')]);
    expect(
      await rig.value('downloads.open', done.caseId, exe!.attachmentId),
    ).toMatchObject({
      opened: false,
      message: expect.stringContaining('program'),
    });
    expect(desktop.openedPaths).toHaveLength(1);
    expect(
      await rig.value('downloads.showInFolder', done.caseId, exe!.attachmentId),
    ).toEqual({ opened: true });
    expect(desktop.shownInFolder).toEqual([join(downloads, 'setup.exe')]);
    rmSync(join(downloads, 'contract.pdf'));
    expect(
      await rig.value('downloads.open', done.caseId, pdf!.attachmentId),
    ).toMatchObject({
      opened: false,
      message: expect.stringContaining('no longer'),
    });
    expect(
      await rig.value('downloads.open', running.caseId, 'att_never'),
    ).toMatchObject({
      opened: false,
      message: expect.stringContaining('not been downloaded'),
    });
    expect(desktop.openedPaths).toHaveLength(1);

    // Export the transcript to the file the person picks.
    mkdirSync(join(rig.dataDir, 'exports'));
    desktop.saveChoice = join(rig.dataDir, 'exports', 'contract.txt');
    expect(await rig.value('transcripts.export', done.caseId)).toEqual({
      path: desktop.saveChoice,
    });
    expect(readFileSync(desktop.saveChoice, 'utf8')).toBe(
      (await rig.value('transcripts.get', done.caseId))?.text,
    );
    expect(desktop.saveDialogs).toEqual([`${done.caseId} transcript.txt`]);
    desktop.saveChoice = null;
    expect(await rig.value('transcripts.export', done.caseId)).toEqual({
      path: null,
    });
    expect(await rig.call('transcripts.export', 'unknown_case')).toMatchObject({
      ok: false,
      error: { kind: 'no-transcript' },
    });

    // Links leave only when safe.
    expect(await rig.value('app.openExternal', 'javascript:alert(1)')).toEqual({
      opened: false,
      message: expect.any(String),
    });
    expect(
      await rig.value('app.openExternal', 'https://offload.example.com/help'),
    ).toEqual({ opened: true });
    expect(desktop.externals).toEqual(['https://offload.example.com/help']);

    // Renderer errors reach the log file.
    await rig.value('app.reportError', {
      message: 'the case list crashed',
      stack: 'Error: the case list crashed\n    at render (case-list.tsx:1)',
    });

    // Remove with undo.
    const removed = await rig.value('watch.remove', [
      running.caseId,
      'unknown_case',
    ]);
    expect(removed.removed).toEqual([
      expect.objectContaining({ caseId: running.caseId, addedHow: 'paste' }),
    ]);
    expect(
      (await rig.value('cases.list')).map((item) => item.caseId),
    ).not.toContain(running.caseId);
    // Undo sends back the removed entries exactly as they came.
    const entries = removed.removed;
    expect(await rig.value('watch.restore', entries)).toEqual({
      restored: 1,
    });
    expect((await rig.value('cases.detail', running.caseId))?.watched).toEqual(
      removed.removed[0],
    );

    // Events for sync and downloads reached the listener.
    const syncTypes = new Set(rig.eventsOf('sync').map((event) => event.type));
    for (const type of [
      'case-changed',
      'input-needed',
      'completed',
      'sync-state',
    ]) {
      expect(syncTypes.has(type as never), type).toBe(true);
    }
    expect(
      rig.eventsOf('download').filter((event) => event.job.state === 'done'),
    ).toHaveLength(2);

    // The key is nowhere: results, events, the log, the store, settings.
    await rig.close();
    const logText = readdirSync(join(rig.dataDir, 'logs'))
      .map((name) => readFileSync(join(rig.dataDir, 'logs', name), 'utf8'))
      .join('\n');
    expect(logText).toContain('ERROR [console:renderer] the case list crashed');
    expect(rig.crossed.length).toBeGreaterThan(40);
    expect(rig.crossed.filter((json) => json.includes(sim.apiKey))).toEqual([]);
    expect(JSON.stringify(rig.events)).not.toContain(sim.apiKey);
    expect(logText).not.toContain(sim.apiKey);
    expect(filesContaining(rig.dataDir, sim.apiKey)).toEqual([]);
    expect(readdirSync(join(rig.dataDir))).toEqual(
      expect.arrayContaining(['settings.json', 'profiles', 'logs']),
    );
  });
});

describe('profiles', () => {
  it('says no-profile on first run, for everything that needs one', async () => {
    const rig = await rigWith({ secretStore: new MemorySecretStore() });
    expect((await rig.value('app.info')).profile).toBeNull();
    const needsProfile: [IpcMethodName, unknown[]][] = [
      ['sync.state', []],
      ['sync.refreshAll', []],
      ['sync.resume', []],
      ['watch.add', [{ text: 'case_1', source: 'single' }]],
      ['watch.remove', [['case_1']]],
      ['watch.restore', [[{ caseId: 'case_1' }]]],
      ['cases.list', []],
      ['cases.detail', ['case_1']],
      ['cases.refresh', ['case_1']],
      ['cases.markSeen', ['case_1']],
      ['cases.resolve', ['REF']],
      ['transcripts.get', ['case_1']],
      ['transcripts.refresh', ['case_1']],
      ['transcripts.export', ['case_1']],
      ['search.query', ['x']],
      ['input.draft', ['case_1', 'ir_1']],
      ['input.saveDraft', ['case_1', 'ir_1', 'x']],
      ['input.submit', ['case_1', 'ir_1', 'x']],
      ['downloads.start', ['case_1']],
      ['downloads.cancel', ['job']],
      ['downloads.list', []],
      ['downloads.open', ['case_1', 'a']],
      ['downloads.showInFolder', ['case_1', 'a']],
    ];
    for (const [name, args] of needsProfile) {
      expect(await rig.call(name, ...args), name).toMatchObject({
        ok: false,
        error: {
          kind: 'no-profile',
          message: expect.stringContaining('Settings'),
        },
      });
    }
    expect(await rig.call('keys.set', 'work', 'sim_live_x')).toMatchObject({
      ok: false,
      error: { kind: 'unknown-profile' },
    });
    expect(await rig.value('keys.status', 'work')).toMatchObject({
      configured: false,
    });
    await settle();
    expect(rig.desktop.badges).toEqual([0]);
  });

  it('swaps the store and engine when the active profile or its URL changes', async () => {
    const rig = await rigWith({ secretStore: keychain() });
    await rig.value('settings.update', {
      profiles: [
        { id: 'one', name: 'One', baseUrl: sim.url },
        { id: 'two', name: 'Two', baseUrl: sim2.url },
      ],
      activeProfileId: 'one',
    });
    await rig.value('keys.set', 'one', sim.apiKey, KEY_OPTIONS);
    await rig.value('keys.set', 'two', sim2.apiKey, KEY_OPTIONS);
    const first = await sim.admin.seedCase({ status: 'RUNNING' });
    const second = await sim2.admin.seedCase({ status: 'RUNNING' });

    await rig.value('watch.add', { text: first.caseId, source: 'single' });
    await rig.value('sync.refreshAll');
    expect((await rig.value('cases.list')).map((item) => item.caseId)).toEqual([
      first.caseId,
    ]);

    await rig.value('settings.update', { activeProfileId: 'two' });
    expect((await rig.value('app.info')).profile?.id).toBe('two');
    expect(await rig.value('cases.list')).toEqual([]);
    await rig.value('watch.add', { text: second.caseId, source: 'single' });
    expect(await rig.value('sync.refreshAll')).toMatchObject({ fetched: 1 });
    expect((await rig.value('cases.list'))[0]).toMatchObject({
      caseId: second.caseId,
      status: 'RUNNING',
    });

    await rig.value('settings.update', { activeProfileId: 'one' });
    expect((await rig.value('cases.list')).map((item) => item.caseId)).toEqual([
      first.caseId,
    ]);

    // Profile one now points at the second simulator, which does not know
    // its key: the new URL is used at once, without a restart.
    await sim2.admin.clearRequests();
    await rig.value('settings.update', {
      profiles: [
        { id: 'one', name: 'One', baseUrl: sim2.url },
        { id: 'two', name: 'Two', baseUrl: sim2.url },
      ],
    });
    expect(await rig.value('sync.refreshAll')).toMatchObject({
      stoppedBy: 'key-rejected',
    });
    expect((await sim2.admin.requests()).requests).toContainEqual(
      expect.objectContaining({ key: 'unknown', status: 401 }),
    );
    expect((await rig.value('sync.state')).connection).toBe('key-rejected');

    // Each profile kept its own store file.
    await rig.close();
    for (const [profile, caseId] of [
      ['one', first.caseId],
      ['two', second.caseId],
    ] as const) {
      const { store } = openCaseStore(caseStorePath(rig.dataDir, profile));
      expect(store.watched().map((entry) => entry.caseId)).toEqual([caseId]);
      store.close();
    }
  });
});

describe('the demo profile', () => {
  it('points at the simulator with its key kept for this run only', async () => {
    const secretStore = keychain();
    const rig = await rigWith({
      secretStore,
      demo: { baseUrl: sim.url, apiKey: sim.apiKey },
    });
    expect(await rig.value('app.info')).toMatchObject({
      profile: { id: 'demo', baseUrl: sim.url },
      demo: { baseUrl: sim.url },
    });
    expect(await rig.value('keys.status', 'demo')).toMatchObject({
      configured: true,
      source: 'session',
    });
    // Nothing in the keychain (where there is one to look in).
    expect(keyring.available ? await secretStore.get('demo') : null).toBeNull();
    const seeded = await sim.admin.seedCase({ status: 'RUNNING' });
    await rig.value('watch.add', { text: seeded.caseId, source: 'single' });
    expect(await rig.value('sync.refreshAll')).toMatchObject({ fetched: 1 });
    await rig.close();
    expect(filesContaining(rig.dataDir, sim.apiKey)).toEqual([]);

    // The next run, without the demo, has no key for it; with a demo on
    // another port, the profile follows the new URL.
    const later = await rigWith({ secretStore, dataDir: rig.dataDir });
    expect(await later.value('keys.status', 'demo')).toMatchObject({
      configured: false,
    });
    await later.close();
    rigs.splice(rigs.indexOf(later), 1);
    const moved = await rigWith({
      secretStore,
      dataDir: rig.dataDir,
      demo: { baseUrl: sim2.url, apiKey: sim2.apiKey },
    });
    expect((await moved.value('app.info')).profile?.baseUrl).toBe(sim2.url);
    expect(await moved.value('keys.status', 'demo')).toMatchObject({
      configured: true,
      source: 'session',
    });
  });

  it('watches the cases the demo simulator seeded', async () => {
    const first = await sim.admin.seedCase({ status: 'RUNNING' });
    const second = await sim.admin.seedCase({ status: 'INPUT_NEEDED' });
    const rig = await rigWith({
      secretStore: new MemorySecretStore(),
      demo: {
        baseUrl: sim.url,
        apiKey: sim.apiKey,
        caseIds: [first.caseId, second.caseId],
      },
    });
    expect(
      (await rig.value('cases.list')).map((item) => item.caseId).toSorted(),
    ).toEqual([first.caseId, second.caseId].toSorted());
  });

  it('adds no demo profile beside profiles of the person', async () => {
    const dataDir = tempDataDir();
    const first = await rigWith({
      secretStore: new MemorySecretStore(),
      dataDir,
    });
    await first.value('settings.update', {
      profiles: [{ id: 'work', name: 'Work', baseUrl: sim.url }],
      activeProfileId: 'work',
    });
    await first.close();
    rigs.splice(rigs.indexOf(first), 1);
    const rig = await rigWith({
      secretStore: new MemorySecretStore(),
      dataDir,
      demo: { baseUrl: sim.url, apiKey: sim.apiKey },
    });
    expect((await rig.value('settings.get')).profiles.map((p) => p.id)).toEqual(
      ['work'],
    );
    // "Try the demo" adds the profile later; its key is ready for it.
    expect(await rig.value('keys.status', 'demo')).toMatchObject({
      configured: true,
      source: 'session',
    });
  });
});

describe('deep links', () => {
  it('asks the window to open the linked case, watched or not', async () => {
    const rig = await workRig();
    const seeded = await sim.admin.seedCase({ status: 'RUNNING' });
    await rig.value('watch.add', { text: seeded.caseId, source: 'single' });

    expect(
      rig.app.openDeepLink(`offload-console://case/${seeded.caseId}`),
    ).toBe(true);
    expect(rig.app.openDeepLink('offload-console://case/not_watched_yet')).toBe(
      true,
    );
    for (const hostile of [
      'offload-console://case/../x',
      'offload-console://case/a/b',
      'https://case/abc',
      'javascript:alert(1)',
    ]) {
      expect(rig.app.openDeepLink(hostile), hostile).toBe(false);
    }
    expect(rig.eventsOf('open-case')).toEqual([
      { caseId: seeded.caseId, watched: true },
      { caseId: 'not_watched_yet', watched: false },
    ]);
  });
});

describe('quit', () => {
  it('cancels running downloads, closes the store cleanly and refuses later calls', async () => {
    const rig = await workRig();
    const folder = join(rig.dataDir, 'Downloads');
    await rig.value('settings.update', { downloadFolder: folder });
    const seeded = await sim.admin.seedCase({
      status: 'COMPLETED',
      attachments: [{ name: 'huge.bin', size: 50_000_000 }],
    });
    await rig.value('watch.add', { text: seeded.caseId, source: 'single' });
    await rig.value('sync.refreshAll');

    const quitting = new Promise<void>((resolve) => {
      rig.app.onEvent((name, payload) => {
        if (
          name === 'download' &&
          (payload as { type: string }).type === 'download-progress'
        ) {
          resolve(rig.app.quit());
        }
      });
    });
    await rig.value('downloads.start', seeded.caseId);
    await quitting;

    const states = rig.eventsOf('download').map((event) => event.job.state);
    expect(states.at(-1)).toBe('cancelled');
    expect(
      readdirSync(folder).filter((name) => name.endsWith('.part')),
    ).toEqual([]);
    expect(await rig.call('cases.list')).toMatchObject({
      ok: false,
      error: { kind: 'closed' },
    });
    expect(
      rig
        .eventsOf('sync')
        .filter((event) => event.type === 'sync-state')
        .at(-1),
    ).toMatchObject({ state: { connection: 'stopped' } });

    const { store } = openCaseStore(caseStorePath(rig.dataDir, 'work'));
    expect(store.watched().map((entry) => entry.caseId)).toEqual([
      seeded.caseId,
    ]);
    expect(store.pendingDownloads()).toEqual([]);
    store.close();
    // A second quit is the same clean end.
    await rig.app.quit();
  });
});

describe('the simulator', () => {
  it('saw only requests and answers that match the API description', () => {
    expect(sim.responseProblems()).toEqual([]);
    expect(sim2.responseProblems()).toEqual([]);
  });
});
