import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../simulator/simulator.ts';
import type { RunningSimulator } from '../../../simulator/simulator.ts';
import {
  SyncRig,
  WatchedClient,
  simClient,
  type RigOptions,
} from './sync-rig.ts';

// The poll engine against the simulator over loopback HTTP, on a real
// SQLite file. Time is virtual on the engine's side (an injected clock)
// and frozen on the simulator's (timeScale 0), so every poll is decided
// by the cadence table, never by waiting.

let sim: RunningSimulator;
const rigs: SyncRig[] = [];

function rig(options?: RigOptions): SyncRig {
  const made = new SyncRig(sim, options);
  rigs.push(made);
  return made;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

beforeAll(async () => {
  sim = await startSimulator({ seed: 41, timeScale: 0, checkResponses: true });
});

afterEach(async () => {
  await sim.admin.clearFaults();
  for (const made of rigs.splice(0)) await made.dispose();
});

afterAll(async () => {
  await sim.close();
});

describe('a first sync', () => {
  it('saves a snapshot of every watched case, equal to what GET serves', async () => {
    const r = rig();
    const seeded = await Promise.all(
      (
        ['CREATED', 'RUNNING', 'INPUT_NEEDED', 'COMPLETED', 'FAILED'] as const
      ).map((status) =>
        sim.admin.seedCase({
          status,
          question: status === 'INPUT_NEEDED' ? 'Which entity?' : undefined,
        }),
      ),
    );
    const ids = seeded.map((item) => item.caseId);
    r.watch(...ids);

    const progress: number[] = [];
    const summary = await r.engine.syncOnce({
      onProgress: (done, total) => progress.push(done / total),
    });

    expect(summary).toMatchObject({
      cases: 5,
      fetched: 5,
      changed: 5,
      failed: 0,
      skipped: 0,
      // The two terminal cases get their final transcript.
      transcriptsFetched: 2,
      requests: 7,
      stoppedBy: null,
    });
    expect(progress.at(-1)).toBe(1);
    for (const id of ids) {
      expect(r.store.snapshot(id)?.view).toEqual(await r.truth(id));
      expect(r.store.syncState(id)).toMatchObject({
        lastSyncedAt: r.clock.now(),
        lastError: null,
      });
    }
    expect(r.engine.state()).toMatchObject({
      connection: 'online',
      lastSyncAt: r.clock.now(),
    });
  });

  it('announces each case once, with its state event but no status change', async () => {
    const r = rig();
    const waiting = await sim.admin.seedCase({
      status: 'INPUT_NEEDED',
      question: 'Signed PDF acceptable?',
    });
    const done = await sim.admin.seedCase({ status: 'COMPLETED' });
    const failed = await sim.admin.seedCase({ status: 'FAILED' });
    const running = await sim.admin.seedCase({ status: 'RUNNING' });
    r.watch(waiting.caseId, done.caseId, failed.caseId, running.caseId);

    await r.engine.syncOnce();

    expect(r.eventsOf('case-changed')).toHaveLength(4);
    expect(r.eventsOf('status-changed')).toEqual([]);
    expect(r.eventsOf('attachments-added')).toEqual([]);
    expect(r.eventsOf('input-needed')).toEqual([
      expect.objectContaining({
        caseId: waiting.caseId,
        inputRequestId: waiting.case.inputRequest?.id,
        question: 'Signed PDF acceptable?',
      }),
    ]);
    expect(r.eventsOf('completed').map((e) => e.caseId)).toEqual([done.caseId]);
    expect(r.eventsOf('failed').map((e) => e.caseId)).toEqual([failed.caseId]);
    expect(r.store.timeline(done.caseId).map((e) => e.id)).toContain(
      `evt_${done.caseId}_case_completed_${done.case.updatedAt}`,
    );

    r.events.length = 0;
    await r.engine.syncOnce();
    expect(r.events.filter((event) => event.type !== 'sync-state')).toEqual([]);
  });
});

describe('transitions', () => {
  it('emits every transition exactly once', async () => {
    const r = rig();
    const { caseId } = await sim.admin.seedCase({ status: 'RUNNING' });
    r.watch(caseId);
    await r.engine.syncOnce();
    r.events.length = 0;

    const asked = await sim.admin.transition(caseId, {
      to: 'INPUT_NEEDED',
      question: 'Which entity signs?',
    });
    await r.engine.syncOnce();
    await r.engine.syncOnce();
    expect(r.eventsOf('status-changed')).toEqual([
      expect.objectContaining({ from: 'RUNNING', to: 'INPUT_NEEDED' }),
    ]);
    expect(r.eventsOf('input-needed')).toEqual([
      expect.objectContaining({
        inputRequestId: asked.case.inputRequest?.id,
        question: 'Which entity signs?',
      }),
    ]);
    expect(r.eventsOf('case-changed')).toHaveLength(1);

    r.events.length = 0;
    const done = await sim.admin.transition(caseId, {
      to: 'COMPLETED',
      attachments: [{ name: 'w9.pdf', size: 904_860 }],
    });
    await r.engine.syncOnce();
    await r.engine.refresh(caseId);
    expect(r.eventsOf('status-changed')).toEqual([
      expect.objectContaining({ from: 'INPUT_NEEDED', to: 'COMPLETED' }),
    ]);
    expect(r.eventsOf('completed')).toHaveLength(1);
    expect(r.eventsOf('attachments-added')).toEqual([
      expect.objectContaining({
        attachments: done.case.attachments,
      }),
    ]);
    expect(r.eventsOf('failed')).toEqual([]);
  });

  it('does not emit again after a restart on the same file', async () => {
    const r = rig();
    const { caseId } = await sim.admin.seedCase({ status: 'RUNNING' });
    const other = await sim.admin.seedCase({ status: 'COMPLETED' });
    r.watch(caseId, other.caseId);
    await r.engine.syncOnce();
    await sim.admin.transition(caseId, { to: 'FAILED' });
    await r.engine.syncOnce();
    expect(r.eventsOf('failed', caseId)).toHaveLength(1);

    await r.restart();
    const summary = await r.engine.syncOnce();
    expect(summary.fetched).toBe(2);
    expect(r.events.filter((event) => event.type !== 'sync-state')).toEqual([]);
  });

  it('emits a change made while the console was closed once, after the restart', async () => {
    const r = rig();
    const { caseId } = await sim.admin.seedCase({ status: 'RUNNING' });
    r.watch(caseId);
    await r.engine.syncOnce();
    await r.restart();
    await sim.admin.transition(caseId, { to: 'COMPLETED' });
    await r.engine.pollDue(); // the restored schedule: not due yet
    expect(r.eventsOf('completed')).toEqual([]);
    r.clock.advance(MINUTE);
    await r.engine.pollDue();
    await r.engine.pollDue();
    expect(r.eventsOf('completed')).toHaveLength(1);
    expect(r.eventsOf('status-changed')).toEqual([
      expect.objectContaining({ from: 'RUNNING', to: 'COMPLETED' }),
    ]);
  });
});

describe('the cadence', () => {
  it('polls each state on its own schedule and terminal cases not at all', async () => {
    const r = rig();
    const created = await sim.admin.seedCase({ status: 'CREATED' });
    const running = await sim.admin.seedCase({ status: 'RUNNING' });
    const waiting = await sim.admin.seedCase({ status: 'INPUT_NEEDED' });
    const done = await sim.admin.seedCase({ status: 'COMPLETED' });
    r.watch(created.caseId, running.caseId, waiting.caseId, done.caseId);

    // Ten minutes, one pollDue per second.
    const start = r.clock.now();
    for (let second = 0; second <= 600; second += 1) {
      await r.engine.pollDue();
      r.clock.advance(SECOND);
    }
    const readTimes = (caseId: string, kind: 'read' | 'transcript' = 'read') =>
      (r.client?.notes ?? [])
        .filter((note) => note.kind === kind && note.caseId === caseId)
        .map((note) => (note.at - start) / SECOND);

    expect(readTimes(created.caseId)).toEqual(
      Array.from({ length: 41 }, (_, index) => index * 15),
    );
    expect(readTimes(running.caseId)).toEqual(
      Array.from({ length: 11 }, (_, index) => index * 60),
    );
    expect(readTimes(waiting.caseId)).toEqual([0, 300, 600]);
    expect(readTimes(done.caseId)).toEqual([0]);
    expect(readTimes(done.caseId, 'transcript')).toEqual([0]);
  });

  it('polls fast for two minutes after an answer, then at the interval', async () => {
    const r = rig();
    const { caseId } = await sim.admin.seedCase({ status: 'RUNNING' });
    r.watch(caseId);
    await r.engine.pollDue();
    r.engine.noteAnswerSubmitted(caseId);

    const readAfter = async (advanceMs: number) => {
      r.client?.resetCounters();
      r.clock.advance(advanceMs);
      await r.engine.pollDue();
      return r.client?.count('read', caseId);
    };
    expect(await readAfter(4 * SECOND)).toBe(0);
    expect(await readAfter(1 * SECOND)).toBe(1);
    expect(await readAfter(5 * SECOND)).toBe(1);
    r.clock.advance(2 * MINUTE);
    await r.engine.pollDue();
    expect(await readAfter(5 * SECOND)).toBe(0);
    expect(await readAfter(55 * SECOND)).toBe(1);
  });
});

describe('transcripts', () => {
  it('are fetched when updatedAt moved, when terminal, or on demand', async () => {
    const r = rig();
    const { caseId } = await sim.admin.seedCase({
      status: 'RUNNING',
      messages: [{ from: 'us', body: 'Could you send the W-9?' }],
    });
    r.watch(caseId);
    await sim.admin.clearRequests();
    const count = () => r.client?.count('transcript', caseId);
    // What the simulator itself saw, to check the client-side count.
    const served = async () =>
      (await sim.admin.requests()).requests.filter(
        (request) =>
          request.route === 'getTranscript' && request.path.includes(caseId),
      ).length;

    await r.engine.syncOnce();
    expect(count()).toBe(0); // active, first sight: on demand only

    const opened = await r.engine.refreshTranscript(caseId);
    expect(opened).toMatchObject({ ok: true });
    expect(r.store.transcript(caseId)?.text).toContain(
      'Could you send the W-9?',
    );
    expect(count()).toBe(1);
    expect(r.eventsOf('transcript-updated', caseId)).toHaveLength(1);

    await r.engine.syncOnce();
    expect(count()).toBe(1); // nothing moved

    await sim.admin.reply(caseId, { body: 'Attached.', verdict: 'SNOOZE' });
    const moved = await r.engine.syncOnce();
    expect(moved).toMatchObject({ changed: 1, transcriptsFetched: 1 });
    expect(count()).toBe(2);
    expect(r.store.transcript(caseId)?.text).toContain('Attached.');

    const done = await sim.admin.transition(caseId, { to: 'COMPLETED' });
    await r.engine.syncOnce();
    expect(count()).toBe(3); // the final transcript
    expect(r.store.transcript(caseId)?.caseUpdatedAt).toBe(done.case.updatedAt);
    await r.engine.syncOnce();
    await r.engine.pollDue();
    expect(count()).toBe(3);

    await r.engine.refresh(caseId); // a terminal refresh re-fetches it
    expect(count()).toBe(4);
    expect(await served()).toBe(4);
    // Announced when the text changed: first fetch and after the reply.
    expect(r.eventsOf('transcript-updated', caseId)).toHaveLength(2);
  });

  it('a failing transcript fetch never fails the case refresh', async () => {
    const r = rig();
    const { caseId } = await sim.admin.seedCase({ status: 'RUNNING' });
    r.watch(caseId);
    await r.engine.syncOnce();
    const done = await sim.admin.transition(caseId, { to: 'FAILED' });
    await sim.admin.setFaults([
      { route: 'getTranscript', kind: 'gateway-500' },
    ]);

    const summary = await r.engine.syncOnce();
    expect(summary).toMatchObject({
      fetched: 1,
      failed: 0,
      transcriptsFetched: 0,
      transcriptsFailed: 1,
    });
    expect(r.store.snapshot(caseId)?.view.status).toBe('FAILED');
    expect(r.eventsOf('failed', caseId)).toHaveLength(1);
    expect(r.store.syncState(caseId)).toMatchObject({
      lastError: null,
      transcriptError: { kind: 'server-error' },
    });
    expect(r.eventsOf('case-sync-state', caseId)).toHaveLength(1);

    // Retried with a backoff once the fault is gone.
    await sim.admin.clearFaults();
    r.client?.resetCounters();
    await r.engine.pollDue();
    expect(r.client?.count('transcript', caseId)).toBe(0);
    r.clock.advance(10 * SECOND);
    await r.engine.pollDue();
    expect(r.client?.count('transcript', caseId)).toBe(1);
    expect(r.store.syncState(caseId).transcriptError).toBeNull();
    expect(r.store.transcript(caseId)?.caseUpdatedAt).toBe(done.case.updatedAt);
  });

  it('runs at most transcriptConcurrency transcript fetches at once', async () => {
    const r = rig({ settings: { concurrency: 6, transcriptConcurrency: 2 } });
    const seeded = await Promise.all(
      Array.from({ length: 8 }, () =>
        sim.admin.seedCase({ status: 'COMPLETED' }),
      ),
    );
    r.watch(...seeded.map((item) => item.caseId));
    await sim.admin.setFaults([
      { route: 'getTranscript', kind: 'latency', latencyMs: 20 },
    ]);
    const summary = await r.engine.syncOnce();
    expect(summary.transcriptsFetched).toBe(8);
    expect(r.client?.maxTranscriptsInFlight).toBe(2);
    expect(r.client?.maxInFlight).toBeLessThanOrEqual(6);
  });
});

describe('access problems', () => {
  it('flags a case that does not exist, keeps it, and polls it only on demand', async () => {
    const r = rig();
    const caseId = randomUUID();
    r.watch(caseId);
    const summary = await r.engine.syncOnce();
    expect(summary).toMatchObject({ fetched: 0, failed: 1 });
    expect(r.store.watchedCase(caseId)?.flag).toBe('not-found');
    expect(r.eventsOf('case-flagged')).toEqual([
      { type: 'case-flagged', caseId, flag: 'not-found' },
    ]);
    expect(r.store.syncState(caseId).lastError).toMatchObject({
      kind: 'case-not-found',
    });

    r.client?.resetCounters();
    r.clock.advance(24 * 60 * MINUTE);
    await r.engine.pollDue();
    expect(r.client?.count('read', caseId)).toBe(0);

    // The case appears (it was created late): a refresh clears the flag.
    await sim.admin.seedCase({ caseId, status: 'RUNNING' });
    await r.engine.refresh(caseId);
    expect(r.store.watchedCase(caseId)?.flag).toBeNull();
    expect(r.store.syncState(caseId).lastError).toBeNull();
    expect(r.eventsOf('case-flagged').at(-1)).toEqual({
      type: 'case-flagged',
      caseId,
      flag: null,
    });
  });

  it('flags a case of another account as forbidden when the key is fine', async () => {
    const r = rig();
    const mine = await sim.admin.seedCase({ status: 'RUNNING' });
    const theirs = await sim.admin.seedCase({
      status: 'RUNNING',
      ownerKey: sim.keys.otherClient,
    });
    r.watch(mine.caseId, theirs.caseId);
    const summary = await r.engine.syncOnce();
    expect(summary).toMatchObject({ fetched: 1, failed: 1, stoppedBy: null });
    expect(r.store.watchedCase(theirs.caseId)?.flag).toBe('forbidden');
    expect(r.store.watchedCase(mine.caseId)?.flag).toBeNull();
    expect(r.client?.count('verify')).toBe(1);
    expect(r.engine.state().connection).toBe('online');
  });

  it.each([
    ['an unknown key (401)', () => 'sim_live_00000000000000000000000000000000'],
    ['an inactive key (403)', () => sim.keys.inactive],
  ])('stops all polling on %s until resume()', async (_name, key) => {
    const r = rig();
    const seeded = await Promise.all(
      Array.from({ length: 5 }, () =>
        sim.admin.seedCase({ status: 'RUNNING' }),
      ),
    );
    r.watch(...seeded.map((item) => item.caseId));
    r.client = new WatchedClient(simClient(sim, key()), r.clock.now);

    const summary = await r.engine.syncOnce();
    expect(summary.stoppedBy).toBe('key-rejected');
    expect(summary.fetched).toBe(0);
    expect(r.engine.state()).toMatchObject({
      connection: 'key-rejected',
      lastError: { message: expect.stringMatching(/API key/) },
    });
    expect(r.eventsOf('sync-state').at(-1)).toMatchObject({
      state: { connection: 'key-rejected' },
    });
    for (const { caseId } of seeded) {
      expect(r.store.watchedCase(caseId)?.flag).toBeNull();
    }

    const made = r.client.notes.length;
    await sim.admin.clearRequests();
    r.clock.advance(60 * MINUTE);
    await r.engine.pollDue();
    await r.engine.refresh();
    expect(
      await r.engine.refreshTranscript(seeded[0]?.caseId ?? ''),
    ).toMatchObject({ ok: false });
    expect((await r.engine.syncOnce()).requests).toBe(0);
    expect(r.client.notes.length).toBe(made);
    expect((await sim.admin.requests()).requests).toEqual([]);

    // A new key, then resume(): back to work.
    r.client = new WatchedClient(simClient(sim), r.clock.now);
    r.engine.resume();
    await r.engine.pollDue();
    expect(r.client.count('read')).toBe(5);
    expect(r.engine.state().connection).toBe('online');
  });

  it('reports no key when there is none, and picks one up later', async () => {
    const r = rig({ client: null });
    const { caseId } = await sim.admin.seedCase({ status: 'RUNNING' });
    r.watch(caseId);
    const summary = await r.engine.syncOnce();
    expect(summary).toMatchObject({ stoppedBy: 'no-key', skipped: 1 });
    expect(r.engine.state()).toMatchObject({
      connection: 'no-key',
      lastError: { kind: 'no-key' },
    });
    r.client = new WatchedClient(simClient(sim), r.clock.now);
    expect(await r.engine.syncOnce()).toMatchObject({ fetched: 1 });
    expect(r.engine.state().connection).toBe('online');
  });
});

describe('faults', () => {
  it('goes offline on a lost connection, keeps the data, and comes back by itself', async () => {
    const r = rig();
    const seeded = await Promise.all(
      Array.from({ length: 3 }, () =>
        sim.admin.seedCase({ status: 'RUNNING' }),
      ),
    );
    const ids = seeded.map((item) => item.caseId);
    r.watch(...ids);
    await r.engine.syncOnce();
    const saved = ids.map((id) => r.store.snapshot(id));

    await sim.admin.setFaults([{ route: '*', kind: 'reset' }]);
    r.clock.advance(MINUTE);
    await r.engine.pollDue();
    expect(r.engine.state()).toMatchObject({
      connection: 'offline',
      lastError: { kind: 'network' },
    });
    expect(r.eventsOf('sync-state').at(-1)).toMatchObject({
      state: { connection: 'offline' },
    });
    expect(ids.map((id) => r.store.snapshot(id))).toEqual(saved);

    // Before the probe is due nothing is sent; then one request per probe.
    r.client?.resetCounters();
    await r.engine.pollDue();
    expect(r.client?.notes).toEqual([]);
    r.clock.advance(MINUTE);
    await r.engine.pollDue();
    expect(r.client?.notes.map((note) => note.kind)).toEqual(['verify']);
    expect(r.engine.state().connection).toBe('offline');

    await sim.admin.clearFaults();
    const changed = await sim.admin.transition(ids[0] ?? '', {
      to: 'COMPLETED',
    });
    r.clock.advance(2 * MINUTE);
    await r.engine.pollDue();
    expect(r.engine.state().connection).toBe('online');
    expect(r.eventsOf('sync-state').at(-1)).toMatchObject({
      state: { connection: 'online' },
    });
    expect(r.store.snapshot(ids[0] ?? '')?.view).toEqual(changed.case);
  });

  it('goes offline when the server is gone, then resumes on a live one', async () => {
    const r = rig();
    const { caseId } = await sim.admin.seedCase({ status: 'RUNNING' });
    r.watch(caseId);
    const gone = await startSimulator({ seed: 5, timeScale: 0 });
    const deadUrl = gone.url;
    await gone.close();
    r.client = new WatchedClient(
      simClient(sim, sim.apiKey, deadUrl),
      r.clock.now,
    );
    const summary = await r.engine.syncOnce();
    expect(summary).toMatchObject({ stoppedBy: 'offline', fetched: 0 });
    expect(r.engine.state().connection).toBe('offline');
    // An explicit sync probes at once, and stays offline while it fails.
    expect(await r.engine.syncOnce()).toMatchObject({
      stoppedBy: 'offline',
      requests: 1,
    });

    r.client = new WatchedClient(simClient(sim), r.clock.now);
    expect(await r.engine.syncOnce()).toMatchObject({
      fetched: 1,
      stoppedBy: null,
    });
    expect(r.engine.state()).toMatchObject({ connection: 'online' });
    expect(r.engine.state().lastError).toBeUndefined();
  });

  it('pauses the whole budget on a 429 and retries the case after the pause', async () => {
    const r = rig({ settings: { concurrency: 1 } });
    const seeded = await Promise.all(
      Array.from({ length: 4 }, () =>
        sim.admin.seedCase({ status: 'RUNNING' }),
      ),
    );
    r.watch(...seeded.map((item) => item.caseId));
    await sim.admin.setFaults([
      { route: 'getCase', kind: 'gateway-429', times: 1 },
    ]);

    const summary = await r.engine.syncOnce();
    expect(summary).toMatchObject({ fetched: 4, failed: 0 });
    const notes = r.client?.notes ?? [];
    expect(notes).toHaveLength(5);
    const throttled = notes.findIndex((note) => note.outcome === 'throttled');
    expect(throttled).toBe(0);
    // With random 0.5 the first pause is half of the 2 s window, floored
    // at 1 s: nobody sent anything before it ended.
    const resumedAt = notes[throttled + 1]?.at ?? 0;
    expect(resumedAt - (notes[throttled]?.at ?? 0)).toBeGreaterThanOrEqual(
      1_000,
    );
    expect(new Set(notes.map((note) => note.caseId)).size).toBe(4);
  });

  it('backs a case off after a server error and records why', async () => {
    const r = rig();
    const { caseId } = await sim.admin.seedCase({ status: 'RUNNING' });
    r.watch(caseId);
    await sim.admin.setFaults([
      { route: 'getCase', kind: 'envelope-500', times: 2 },
    ]);
    expect(await r.engine.syncOnce()).toMatchObject({ failed: 1 });
    expect(r.store.syncState(caseId).lastError).toMatchObject({
      kind: 'server-error',
    });
    expect(r.eventsOf('case-sync-state', caseId)).toHaveLength(1);
    expect(r.engine.state().connection).toBe('online');

    // Backoff: 5 s window × 0.5 = 2.5 s, then 5 s.
    r.client?.resetCounters();
    r.clock.advance(2_400);
    await r.engine.pollDue();
    expect(r.client?.count('read')).toBe(0);
    r.clock.advance(100);
    await r.engine.pollDue();
    expect(r.client?.count('read')).toBe(1);
    r.clock.advance(5_000);
    await r.engine.pollDue();
    expect(r.client?.count('read')).toBe(2);
    expect(r.store.syncState(caseId).lastError).toBeNull();
    expect(r.store.snapshot(caseId)?.view).toEqual(await r.truth(caseId));
    expect(r.eventsOf('case-sync-state', caseId)).toHaveLength(2);
  });
});

describe('concurrency', () => {
  it('keeps one request in flight per case however it is asked', async () => {
    const r = rig({ settings: { concurrency: 8 } });
    const seeded = await Promise.all(
      Array.from({ length: 3 }, () =>
        sim.admin.seedCase({ status: 'COMPLETED' }),
      ),
    );
    const ids = seeded.map((item) => item.caseId);
    r.watch(...ids);
    await sim.admin.setFaults([{ route: '*', kind: 'latency', latencyMs: 15 }]);
    await Promise.all([
      r.engine.syncOnce(),
      r.engine.pollDue(),
      ...ids.map((id) => r.engine.refresh(id)),
      ...ids.map((id) => r.engine.refreshTranscript(id)),
      r.engine.refresh(),
    ]);
    expect(r.client?.maxPerCase).toBe(1);
    expect(r.client?.count('read')).toBeGreaterThanOrEqual(6);
  });

  it('never has more reads in flight than the concurrency setting', async () => {
    const r = rig({ settings: { concurrency: 3 } });
    const seeded = await Promise.all(
      Array.from({ length: 20 }, () =>
        sim.admin.seedCase({ status: 'RUNNING' }),
      ),
    );
    r.watch(...seeded.map((item) => item.caseId));
    await sim.admin.setFaults([
      { route: 'getCase', kind: 'latency', latencyMs: 20 },
    ]);
    const summary = await r.engine.syncOnce();
    expect(summary.fetched).toBe(20);
    expect(r.client?.maxInFlight).toBe(3);
  });
});

describe('the loop', () => {
  it('polls on its own after start() and leaves no timer after stop()', async () => {
    const r = rig();
    const { caseId } = await sim.admin.seedCase({ status: 'RUNNING' });
    r.watch(caseId);
    const timersBefore = process
      .getActiveResourcesInfo()
      .filter((name) => name === 'Timeout').length;
    const firstChange = new Promise<void>((resolve) => {
      const off = r.engine.on((event) => {
        if (event.type === 'case-changed') {
          off();
          resolve();
        }
      });
    });
    r.engine.start();
    expect(r.engine.state().connection).toBe('online');
    await firstChange;
    await r.engine.stop();
    expect(r.engine.state().connection).toBe('stopped');
    expect(r.store.snapshot(caseId)).toBeDefined();
    const timersAfter = process
      .getActiveResourcesInfo()
      .filter((name) => name === 'Timeout').length;
    expect(timersAfter).toBeLessThanOrEqual(timersBefore);
  });

  it('aborts requests in flight on stop() and waits for them', async () => {
    const r = rig();
    const { caseId } = await sim.admin.seedCase({ status: 'RUNNING' });
    r.watch(caseId);
    await sim.admin.setFaults([
      { route: 'getCase', kind: 'latency', latencyMs: 60_000 },
    ]);
    const pass = r.engine.syncOnce();
    while (r.client?.inFlight === 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await r.engine.stop();
    expect(r.client?.inFlight).toBe(0);
    expect(await pass).toMatchObject({ stoppedBy: 'aborted', fetched: 0 });
    expect(r.store.syncState(caseId).lastError).toBeNull();
  });

  it('tells listeners apart and lets them unsubscribe', async () => {
    const r = rig();
    const { caseId } = await sim.admin.seedCase({ status: 'RUNNING' });
    r.watch(caseId);
    const seen: string[] = [];
    const off = r.engine.on((event) => seen.push(event.type));
    r.engine.on(() => {
      throw new Error('a broken listener');
    });
    await r.engine.syncOnce();
    expect(seen).toContain('case-changed');
    off();
    seen.length = 0;
    await sim.admin.transition(caseId, { to: 'COMPLETED' });
    await r.engine.syncOnce();
    expect(seen).toEqual([]);
    expect(r.eventsOf('completed')).toHaveLength(1);
  });
});

// Last, so that it covers every answer the tests above received.
describe('the simulator', () => {
  it('sent only answers that conform to the OpenAPI file', () => {
    expect(sim.responseProblems()).toEqual([]);
  });
});
