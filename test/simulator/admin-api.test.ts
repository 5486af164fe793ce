import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTHING_SCHEDULED } from '../../shared/offload/case-rules.ts';
import type { CaseView } from '../../shared/offload/schemas.ts';
import { validateComponent } from '../support/openapi.ts';
import { callApi, dataOf, outcomeOf } from './api-request.ts';
import { startSimulator, type RunningSimulator } from './simulator.ts';

// The /__sim/ admin API through its typed client: seeding cases in any
// state, steering them, keys, usage, the clock and reset.

const HOUR = 3_600_000;
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: 31, timeScale: 0 });
});

afterAll(async () => {
  await sim.close();
});

function getCase(id: string, key?: string) {
  return callApi<CaseView>(sim, {
    method: 'GET',
    template: '/cases/{id}',
    id,
    ...(key !== undefined && { key }),
  });
}

function expectValidView(view: unknown) {
  expect(validateComponent('GetCaseResponseData', view)).toEqual({
    valid: true,
  });
}

describe('admin authentication', () => {
  it.each([[undefined], ['wrong-token']])(
    'answers 401 JSON for token %s',
    async (token) => {
      const response = await fetch(`${sim.url}/__sim/clock`, {
        headers: token === undefined ? {} : { 'x-sim-admin-token': token },
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(await response.json()).toEqual({ error: 'unauthorized' });
    },
  );

  it('does not accept an API key in place of the token', async () => {
    const response = await fetch(`${sim.url}/__sim/cases`, {
      method: 'POST',
      headers: { 'x-api-key': sim.apiKey, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(401);
  });

  it('answers 404 for an unknown admin route and 400 naming a bad field', async () => {
    const response = await fetch(`${sim.url}/__sim/nothing`, {
      headers: { 'x-sim-admin-token': sim.adminToken },
    });
    expect(response.status).toBe(404);
    await expect(
      sim.admin.seedCase({ status: 'PAUSED' as never }),
    ).rejects.toThrow(/400 status/);
    await expect(sim.admin.advance(-1)).rejects.toThrow(/400 ms/);
  });
});

describe('seeding cases', () => {
  it.each([
    ['CREATED', { attemptCount: 0, nextActionAt: NOTHING_SCHEDULED }],
    ['RUNNING', { attemptCount: 1 }],
    ['INPUT_NEEDED', { attemptCount: 1, inputRequest: { status: 'PENDING' } }],
    ['COMPLETED', { attemptCount: 1, resultStatus: 'goal_achieved' }],
    ['FAILED', { attemptCount: 4, resultStatus: 'max_retries' }],
  ] as const)('seeds %s with sensible defaults', async (status, expected) => {
    const seeded = await sim.admin.seedCase({ status });
    expect(seeded.case).toMatchObject({ status, ...expected });
    expectValidView(seeded.case);
    expect(dataOf(await getCase(seeded.caseId))).toEqual(seeded.case);
  });

  it('schedules the follow-up of a seeded RUNNING case', async () => {
    const { now } = await sim.admin.clock();
    const seeded = await sim.admin.seedCase({
      status: 'RUNNING',
      followUpDelayHours: 2,
    });
    expect(seeded.case.nextActionAt).toBe(now + 2 * HOUR);
    await sim.admin.advance(2 * HOUR);
    expect(dataOf(await getCase(seeded.caseId)).attemptCount).toBe(2);
  });

  it('leaves paused and terminal seeds where they are', async () => {
    const seeds = await Promise.all(
      (['INPUT_NEEDED', 'COMPLETED', 'FAILED'] as const).map((status) =>
        sim.admin.seedCase({ status }),
      ),
    );
    await sim.admin.advance(365 * 24 * HOUR);
    for (const seeded of seeds) {
      expect(dataOf(await getCase(seeded.caseId))).toEqual(seeded.case);
    }
  });

  it('takes every field it is given, and keeps the hidden ones', async () => {
    const seeded = await sim.admin.seedCase({
      caseId: 'seeded-case-1',
      status: 'COMPLETED',
      clientReferenceId: 'vendor_1',
      goal: { objective: 'Get the invoice', knowledge: 'plain text' },
      counterparty: {
        address: 'billing@greenleaf.example',
        name: 'Jordan Lee',
      },
      senderPersona: { name: 'Melissa', role: 'AP' },
      constraints: ['Email only'],
      maxAttempts: 5,
      attemptCount: 2,
      followUpDelayHours: 24,
      result: { invoiceReceived: true },
      attachments: [
        { name: 'invoice.pdf', type: 'application/pdf', size: 1234 },
      ],
      messages: [
        { from: 'us', body: 'Could you send the invoice?' },
        { from: 'them', body: 'Here it is.' },
      ],
      clientWebhookUrl: 'http://127.0.0.1:9/hook',
      metadata: { invoice: 'march' },
    });
    expect(seeded.caseId).toBe('seeded-case-1');
    expect(seeded.case).toMatchObject({
      clientReferenceId: 'vendor_1',
      maxAttempts: 5,
      attemptCount: 2,
      constraints: ['Email only'],
      result: { invoiceReceived: true },
      attachments: [
        { name: 'invoice.pdf', size: 1234, inboxId: 'dev-test@agentmail.to' },
      ],
    });
    const stored = await sim.admin.internalCase('seeded-case-1');
    expect(stored).toMatchObject({
      origin: 'seed',
      followUpDelayHours: 24,
      clientWebhookUrl: 'http://127.0.0.1:9/hook',
      metadata: { invoice: 'march' },
      messages: [
        { direction: 'outbound', fromAddress: 'melissa@agentmail.to' },
        { direction: 'inbound', fromAddress: 'billing@greenleaf.example' },
      ],
    });
    await expect(
      sim.admin.seedCase({ caseId: 'seeded-case-1' }),
    ).rejects.toThrow(/409/);
  });

  it('runs a named scenario on a seeded case', async () => {
    const seeded = await sim.admin.seedCase({
      status: 'RUNNING',
      scenario: 'rejected',
    });
    await sim.admin.advance(4 * HOUR);
    expect(dataOf(await getCase(seeded.caseId)).resultStatus).toBe(
      'failed_rejected',
    );
  });

  it('gives a case to another client through ownerKey or clientId', async () => {
    const byKey = await sim.admin.seedCase({ ownerKey: sim.keys.otherClient });
    const byClient = await sim.admin.seedCase({ clientId: 'client-b' });
    for (const { caseId } of [byKey, byClient]) {
      expect(outcomeOf(await getCase(caseId))).toMatchObject({
        status: 403,
        code: 'FORBIDDEN',
      });
      expect(dataOf(await getCase(caseId, sim.keys.otherClient)).caseId).toBe(
        caseId,
      );
    }
  });
});

describe('steering cases', () => {
  it('transition: forces a status with its details', async () => {
    const seeded = await sim.admin.seedCase({ status: 'RUNNING' });
    const asked = await sim.admin.transition(seeded.caseId, {
      to: 'INPUT_NEEDED',
      question: 'Which entity?',
    });
    expect(asked.case).toMatchObject({
      status: 'INPUT_NEEDED',
      nextActionAt: NOTHING_SCHEDULED,
      inputRequest: { question: 'Which entity?', status: 'PENDING' },
    });
    const done = await sim.admin.transition(seeded.caseId, {
      to: 'COMPLETED',
      result: { entity: 'LLC' },
      attachments: [{ name: 'form.pdf', size: 99 }],
    });
    expect(done.case).toMatchObject({
      status: 'COMPLETED',
      resultStatus: 'goal_achieved',
      result: { entity: 'LLC' },
      attachments: [{ name: 'form.pdf', size: 99 }],
    });
    expect(done.case.updatedAt).toBeGreaterThan(asked.case.updatedAt);
    expectValidView(done.case);
  });

  it.each([
    ['GOAL_ACHIEVED', { status: 'COMPLETED', resultStatus: 'goal_achieved' }],
    ['FAILED_REJECTED', { status: 'FAILED', resultStatus: 'failed_rejected' }],
    [
      'INPUT_NEEDED',
      { status: 'INPUT_NEEDED', inputRequest: { status: 'PENDING' } },
    ],
    ['REQUIRES_REPLY', { status: 'RUNNING', attemptCount: 2 }],
    ['SNOOZE', { status: 'RUNNING', attemptCount: 1 }],
  ] as const)(
    'reply with %s applies the verdict at once',
    async (verdict, expected) => {
      const seeded = await sim.admin.seedCase({ status: 'RUNNING' });
      const { case: after } = await sim.admin.reply(seeded.caseId, {
        body: 'A reply',
        verdict,
      });
      expect(after).toMatchObject(expected);
      const stored = await sim.admin.internalCase(seeded.caseId);
      expect(stored.messages.map((message) => message.body)).toContain(
        'A reply',
      );
    },
  );

  it('refuses a reply on a finished case', async () => {
    const seeded = await sim.admin.seedCase({ status: 'COMPLETED' });
    await expect(
      sim.admin.reply(seeded.caseId, { body: 'x', verdict: 'SNOOZE' }),
    ).rejects.toThrow(/409/);
  });

  it('fails a case with a provider event', async () => {
    const seeded = await sim.admin.seedCase({ status: 'RUNNING' });
    const { case: after } = await sim.admin.providerEvent(seeded.caseId, {
      resultStatus: 'BOUNCED',
    });
    expect(after).toMatchObject({ status: 'FAILED', resultStatus: 'BOUNCED' });
    expect((await sim.admin.internalCase(seeded.caseId)).failureReason).toMatch(
      /BOUNCED/,
    );
  });
});

describe('keys, usage and the clock', () => {
  it('adds keys: inactive ones are refused, new clients get their own cases', async () => {
    const inactive = await sim.admin.addKey({
      key: 'sim_live_paused_key',
      active: false,
    });
    expect(outcomeOf(await getCase('x', inactive.key))).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
    });
    const fresh = await sim.admin.addKey({
      active: true,
      clientId: 'client-c',
    });
    expect(fresh.key).toMatch(/^sim_live_[0-9a-f]+$/);
    const { caseId } = await sim.admin.seedCase({ ownerKey: fresh.key });
    expect(dataOf(await getCase(caseId, fresh.key)).caseId).toBe(caseId);
    expect(outcomeOf(await getCase(caseId))).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
    });
    // Re-activating the paused key works in place.
    await sim.admin.addKey({ key: 'sim_live_paused_key', active: true });
    expect(outcomeOf(await getCase('x', 'sim_live_paused_key'))).toMatchObject({
      status: 404,
      code: 'CASE_NOT_FOUND',
    });
  });

  it('reports and sets usage for the current UTC month', async () => {
    const { now } = await sim.admin.clock();
    const usage = await sim.admin.setUsage({ plan: 'BASE_PRO', created: 12 });
    expect(usage).toEqual({
      clientId: 'client-a',
      plan: 'BASE_PRO',
      cap: 500,
      month: new Date(now).toISOString().slice(0, 7),
      created: 12,
      billableFinished: expect.any(Number),
    });
    expect(await sim.admin.usage('client-a')).toEqual(usage);
  });

  it('starts a new month with fresh counters', async () => {
    await sim.admin.setUsage({ plan: 'SANDBOX', created: 100 });
    await sim.admin.advance(32 * 24 * HOUR);
    expect(await sim.admin.usage()).toMatchObject({
      created: 0,
      billableFinished: 0,
    });
  });

  it('advances the clock by exactly the amount asked', async () => {
    const before = await sim.admin.clock();
    expect(before.timeScale).toBe(0);
    const { now } = await sim.admin.advance(12_345);
    expect(now).toBe(before.now + 12_345);
  });
});

function withKey(key: string): RequestInit {
  return { headers: { 'x-api-key': key } };
}

describe('reset', () => {
  it('clears cases, faults, logs and extra keys, and keeps the seeded keys', async () => {
    const other = await startSimulator({
      seed: 31,
      timeScale: 0,
      checkResponses: true,
    });
    try {
      const { caseId } = await other.admin.seedCase({});
      const extra = await other.admin.addKey({ active: true });
      await other.admin.addFault({ route: 'file', kind: 'reset' });
      await other.admin.reset();
      expect((await other.admin.faults()).faults).toEqual([]);
      expect((await other.admin.requests()).requests).toEqual([]);
      const gone = await fetch(
        `${other.url}/cases/${caseId}`,
        withKey(other.apiKey),
      );
      expect(gone.status).toBe(404);
      const dropped = await fetch(
        `${other.url}/cases/${caseId}`,
        withKey(extra.key),
      );
      expect(dropped.status).toBe(401);
      // Same seed, same keys; after a reset ids start over as well.
      expect(other.keys).toEqual(sim.keys);
      const again = await other.admin.seedCase({});
      expect(again.caseId).toBe(caseId);
      expect(other.responseProblems()).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
