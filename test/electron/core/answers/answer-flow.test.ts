import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView } from '../../../../shared/offload/schemas.ts';
import {
  AnswerFlow,
  answerLanded,
  precondition,
} from '../../../../electron/core/answers/answer-flow.ts';
import { startSimulator } from '../../../simulator/simulator.ts';
import type { RunningSimulator } from '../../../simulator/simulator.ts';
import { SyncRig, WatchedClient, simClient } from '../sync/sync-rig.ts';

// The answer flow against the simulator, on a real store and a real poll
// engine: every branch of a submission, including the answers whose fate
// is unknown (connection reset, truncated reply).

let sim: RunningSimulator;
const rigs: SyncRig[] = [];

beforeAll(async () => {
  sim = await startSimulator({ seed: 43, timeScale: 0, checkResponses: true });
});

afterEach(async () => {
  await sim.admin.clearFaults();
  for (const made of rigs.splice(0)) await made.dispose();
});

afterAll(async () => {
  await sim.close();
});

interface Setup {
  r: SyncRig;
  flow: AnswerFlow;
  caseId: string;
  requestId: string;
}

function flowFor(r: SyncRig): AnswerFlow {
  return new AnswerFlow({
    store: r.store,
    getClient: async () => r.client,
    budget: r.budget,
    engine: r.engine,
    who: 'maya',
    now: r.clock.now,
  });
}

/** A watched case waiting on a person, already synced once. */
async function waitingCase(sync = true): Promise<Setup> {
  const r = new SyncRig(sim);
  rigs.push(r);
  const seeded = await sim.admin.seedCase({
    status: 'INPUT_NEEDED',
    question: 'Is a signed PDF acceptable?',
    scenario: 'needs-input',
  });
  r.watch(seeded.caseId);
  if (sync) await r.engine.syncOnce();
  return {
    r,
    flow: flowFor(r),
    caseId: seeded.caseId,
    requestId: seeded.case.inputRequest?.id ?? '',
  };
}

async function inputsFor(caseId: string) {
  const { inputs } = await sim.admin.inputs();
  return inputs.filter((input) => input.caseId === caseId);
}

describe('a successful answer', () => {
  it('is sent, audited, clears the draft and shows the case as processing', async () => {
    const { r, flow, caseId, requestId } = await waitingCase();
    flow.saveDraft(caseId, requestId, 'draft text');
    const result = await flow.submit(
      caseId,
      requestId,
      'Yes, signed PDFs are fine.',
    );

    expect(result).toMatchObject({
      outcome: 'accepted',
      confirmedBy: 'response',
      view: { status: 'INPUT_NEEDED', inputRequest: { status: 'RESOLVED' } },
    });
    expect(await inputsFor(caseId)).toEqual([
      expect.objectContaining({
        inputRequestId: requestId,
        providedContext: 'Yes, signed PDFs are fine.',
        status: 202,
      }),
    ]);
    expect(r.store.answers(caseId)).toEqual([
      expect.objectContaining({
        text: 'Yes, signed PDFs are fine.',
        who: 'maya',
        outcome: 'accepted',
        at: r.clock.now(),
      }),
    ]);
    expect(flow.draft(caseId, requestId)).toBeUndefined();
    expect(r.store.snapshot(caseId)?.view.inputRequest?.status).toBe(
      'RESOLVED',
    );

    // The engine polls the case fast now.
    r.client?.resetCounters();
    r.clock.advance(5_000);
    await r.engine.pollDue();
    expect(r.client?.count('read', caseId)).toBe(1);
  });

  it('reads the case first when it was never synced', async () => {
    const { r, flow, caseId, requestId } = await waitingCase(false);
    const result = await flow.submit(caseId, requestId, 'Go ahead.');
    expect(result.outcome).toBe('accepted');
    expect(r.client?.notes.map((note) => note.kind)).toEqual(['read', 'input']);
  });
});

describe('refused before sending', () => {
  it.each(['', '   ', '\n\t '])('refuses the blank answer %j', async (text) => {
    const { r, flow, caseId, requestId } = await waitingCase();
    r.client?.resetCounters();
    const result = await flow.submit(caseId, requestId, text);
    expect(result).toMatchObject({
      outcome: 'rejected',
      kind: 'blank-answer',
      answerId: null,
    });
    expect(r.client?.notes).toEqual([]);
    expect(r.store.answers(caseId)).toEqual([]);
  });

  it.each<[string, (view: CaseView) => CaseView, string]>([
    [
      'a case that moved on',
      (view) => ({ ...view, status: 'RUNNING', inputRequest: null }),
      'case-not-waiting-for-input',
    ],
    [
      'a question answered already',
      (view) =>
        view.inputRequest
          ? {
              ...view,
              inputRequest: { ...view.inputRequest, status: 'RESOLVED' },
            }
          : view,
      'input-request-not-pending',
    ],
    [
      'another question',
      (view) =>
        view.inputRequest
          ? { ...view, inputRequest: { ...view.inputRequest, id: 'other-id' } }
          : view,
      'input-request-mismatch',
    ],
  ])(
    'refuses %s from the snapshot, without a call',
    async (_name, edit, kind) => {
      const { r, flow, caseId, requestId } = await waitingCase();
      const stored = r.store.snapshot(caseId);
      if (!stored) throw new Error('no snapshot');
      r.store.saveSnapshot(edit(stored.view), r.clock.now() + 1);
      r.client?.resetCounters();
      const result = await flow.submit(caseId, requestId, 'An answer');
      expect(result).toMatchObject({
        outcome: 'rejected',
        kind,
        answerId: null,
      });
      expect(result.message.length).toBeGreaterThan(10);
      expect(r.client?.notes).toEqual([]);
      expect(await inputsFor(caseId)).toEqual([]);
    },
  );

  it('refuses a case that cannot be read', async () => {
    const { r, flow } = await waitingCase();
    const result = await flow.submit('not-watched', 'r1', 'An answer');
    expect(result).toMatchObject({ outcome: 'rejected', kind: 'case-unknown' });
    expect(r.client?.count('input')).toBe(0);
  });

  it('refuses when no key is configured', async () => {
    const { r, flow, caseId, requestId } = await waitingCase();
    r.client = null;
    const result = await flow.submit(caseId, requestId, 'An answer');
    expect(result).toMatchObject({ outcome: 'rejected', kind: 'no-key' });
  });

  it('refuses a second submission for the same case while one is sending', async () => {
    const { flow, caseId, requestId } = await waitingCase();
    await sim.admin.setFaults([
      { route: 'provideInput', kind: 'latency', latencyMs: 50 },
    ]);
    const [first, second] = await Promise.all([
      flow.submit(caseId, requestId, 'First'),
      flow.submit(caseId, requestId, 'Second'),
    ]);
    expect(first.outcome).toBe('accepted');
    expect(second).toMatchObject({
      outcome: 'rejected',
      kind: 'submission-in-progress',
    });
    expect(
      (await inputsFor(caseId)).map((input) => input.providedContext),
    ).toEqual(['First']);
  });
});

describe('an answer whose fate is unknown', () => {
  it('counts as accepted when the reply was cut but the answer landed', async () => {
    const { r, flow, caseId, requestId } = await waitingCase();
    await sim.admin.setFaults([
      { route: 'provideInput', kind: 'truncate', times: 1 },
    ]);
    const result = await flow.submit(caseId, requestId, 'Yes.');
    expect(result).toMatchObject({
      outcome: 'accepted',
      confirmedBy: 're-read',
    });
    expect(await inputsFor(caseId)).toHaveLength(1);
    expect(r.store.answers(caseId)[0]?.outcome).toBe('accepted');
    expect(flow.draft(caseId, requestId)).toBeUndefined();
  });

  it.each([
    ['a reset connection', 'reset'],
    ['a server error before the handler', 'envelope-500'],
  ] as const)(
    'reports not sent after %s, keeping the draft',
    async (_name, kind) => {
      const { r, flow, caseId, requestId } = await waitingCase();
      await sim.admin.setFaults([{ route: 'provideInput', kind, times: 1 }]);
      const result = await flow.submit(caseId, requestId, 'Yes.');
      expect(result).toMatchObject({ outcome: 'not-sent' });
      expect(result.message).toMatch(/kept/);
      expect(flow.draft(caseId, requestId)?.text).toBe('Yes.');
      expect(r.store.answers(caseId)).toEqual([
        expect.objectContaining({ outcome: 'not-sent' }),
      ]);
      expect((await r.truth(caseId)).inputRequest?.status).toBe('PENDING');
      // A second try goes through.
      expect((await flow.submit(caseId, requestId, 'Yes.')).outcome).toBe(
        'accepted',
      );
    },
  );

  it('says the outcome is unknown when the case cannot be re-read', async () => {
    const { r, flow, caseId, requestId } = await waitingCase();
    await sim.admin.setFaults([{ route: '*', kind: 'reset' }]);
    const result = await flow.submit(caseId, requestId, 'Yes.');
    expect(result).toMatchObject({
      outcome: 'not-sent',
      kind: 'outcome-unknown',
    });
    expect(flow.draft(caseId, requestId)?.text).toBe('Yes.');
    expect(r.store.answers(caseId)[0]?.detail).toBe('outcome-unknown');
  });

  it('reports a gateway 429 as not sent', async () => {
    const { r, flow, caseId, requestId } = await waitingCase();
    await sim.admin.setFaults([
      { route: 'provideInput', kind: 'gateway-429', times: 1 },
    ]);
    const result = await flow.submit(caseId, requestId, 'Yes.');
    expect(result).toMatchObject({ outcome: 'not-sent', kind: 'throttled' });
    expect(r.budget.pausedUntil()).not.toBeNull();
    expect((await inputsFor(caseId)).map((input) => input.status)).toEqual([
      429,
    ]);
    expect((await r.truth(caseId)).inputRequest?.status).toBe('PENDING');
  });
});

describe('conflicts reported by Offload', () => {
  it('CASE_NOT_WAITING_FOR_INPUT: the case moved on', async () => {
    const { r, flow, caseId, requestId } = await waitingCase();
    await sim.admin.transition(caseId, { to: 'COMPLETED' });
    const result = await flow.submit(caseId, requestId, 'Too late?');
    expect(result).toMatchObject({
      outcome: 'rejected',
      kind: 'case-not-waiting-for-input',
      view: { status: 'COMPLETED' },
    });
    expect(result.message).toMatch(/moved on.*completed/);
    expect(flow.draft(caseId, requestId)?.text).toBe('Too late?');
    expect(r.store.snapshot(caseId)?.view.status).toBe('COMPLETED');
    expect(r.eventsOf('completed', caseId)).toHaveLength(1);
    expect(r.store.answers(caseId)[0]).toMatchObject({
      outcome: 'rejected',
      detail: 'case-not-waiting-for-input',
    });
  });

  it('INPUT_REQUEST_NOT_PENDING: answered from another workstation', async () => {
    const { flow, caseId, requestId } = await waitingCase();
    await simClient(sim).provideInput(caseId, {
      inputRequestId: requestId,
      providedContext: 'Answered elsewhere',
    });
    const result = await flow.submit(caseId, requestId, 'Mine');
    expect(result).toMatchObject({
      outcome: 'rejected',
      kind: 'input-request-not-pending',
    });
    expect(result.message).toMatch(/already answered.*another workstation/);
    expect(flow.draft(caseId, requestId)?.text).toBe('Mine');
  });

  it('INPUT_REQUEST_MISMATCH: the case asks a different question now', async () => {
    const { flow, caseId, requestId } = await waitingCase();
    await sim.admin.transition(caseId, { to: 'RUNNING' });
    const asked = await sim.admin.transition(caseId, {
      to: 'INPUT_NEEDED',
      question: 'Which address should the form go to?',
    });
    const result = await flow.submit(caseId, requestId, 'Old answer');
    expect(result).toMatchObject({
      outcome: 'rejected',
      kind: 'input-request-mismatch',
      view: { inputRequest: { id: asked.case.inputRequest?.id } },
    });
    expect(result.message).toContain('Which address should the form go to?');
    expect(flow.draft(caseId, requestId)?.text).toBe('Old answer');
  });

  it('reports a rejected key', async () => {
    const { r, flow, caseId, requestId } = await waitingCase();
    r.client = new WatchedClient(
      simClient(sim, 'sim_live_ffffffffffffffffffffffffffffffff'),
      r.clock.now,
    );
    const result = await flow.submit(caseId, requestId, 'Yes');
    expect(result).toMatchObject({ outcome: 'rejected', kind: 'key-rejected' });
    expect(flow.draft(caseId, requestId)?.text).toBe('Yes');
  });
});

describe('drafts', () => {
  it('survive a restart of the store', async () => {
    const { r, caseId, requestId } = await waitingCase();
    flowFor(r).saveDraft(caseId, requestId, 'Half-written');
    await r.restart();
    expect(flowFor(r).draft(caseId, requestId)).toMatchObject({
      text: 'Half-written',
      savedAt: r.clock.now(),
    });
  });
});

describe('precondition and answerLanded', () => {
  const base: CaseView = {
    caseId: 'c',
    status: 'INPUT_NEEDED',
    createdAt: 1,
    updatedAt: 2,
    attemptCount: 1,
    maxAttempts: 3,
    channel: 'EMAIL',
    counterparty: { address: 'a@b.example', name: 'A' },
    attachments: [],
    goal: { objective: 'x' },
    senderPersona: { name: 'Avery' },
    inputRequest: {
      id: 'r1',
      question: 'q',
      status: 'PENDING',
      requestedAt: 2,
    },
  };
  const withRequest = (id: string, status: string): CaseView => ({
    ...base,
    inputRequest: { id, question: 'q', status, requestedAt: 2 },
  });

  it.each<[string, CaseView, string | null, boolean]>([
    ['open question', base, null, false],
    [
      'answered',
      withRequest('r1', 'RESOLVED'),
      'input-request-not-pending',
      true,
    ],
    [
      'new question',
      withRequest('r2', 'PENDING'),
      'input-request-mismatch',
      true,
    ],
    [
      'moved on',
      { ...base, status: 'RUNNING' },
      'case-not-waiting-for-input',
      true,
    ],
    [
      'no request',
      { ...base, inputRequest: null },
      'input-request-not-pending',
      false,
    ],
  ])('%s', (_name, view, blocked, landed) => {
    expect(precondition(view, 'r1')).toBe(blocked);
    expect(answerLanded(view, 'r1')).toBe(landed);
  });
});

// Last, so that it covers every answer the tests above received.
describe('the simulator', () => {
  it('sent only answers that conform to the OpenAPI file', () => {
    expect(sim.responseProblems()).toEqual([]);
  });
});
