import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NOTHING_SCHEDULED } from '../../shared/offload/case-rules.ts';
import type { CaseView } from '../../shared/offload/schemas.ts';
import { callApi, dataOf } from './api-request.ts';
import { WORKER_DELAYS } from './case-worker.ts';
import { SCENARIOS } from './scenarios.ts';
import { startSimulator, type RunningSimulator } from './simulator.ts';

// The case lifecycle of offload-api.md §4.2 under a frozen clock
// (timeScale 0), driven only by the admin clock-advance, so that every
// timestamp can be checked exactly.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const FIRST_EMAIL = WORKER_DELAYS.firstEmailMs;
const JUDGE = WORKER_DELAYS.judgeReplyMs;

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: 21, timeScale: 0 });
});

afterAll(async () => {
  await sim.close();
});

interface CaseOptions {
  scenario: string;
  maxAttempts?: number;
  followUpDelayHours?: number;
  knowledge?: string | Record<string, unknown>;
}

async function createCase(options: CaseOptions): Promise<string> {
  const result = await callApi<{ caseId: string }>(sim, {
    method: 'POST',
    template: '/cases',
    body: {
      channel: 'EMAIL',
      goal: {
        objective: 'Collect a signed W-9 from the vendor',
        ...(options.knowledge !== undefined && {
          knowledge: options.knowledge,
        }),
      },
      counterparty: {
        address: `ap+${options.scenario}@northstar.example`,
        name: 'Maya Chen',
      },
      senderPersona: { name: 'Avery' },
      ...(options.maxAttempts !== undefined && {
        maxAttempts: options.maxAttempts,
      }),
      ...(options.followUpDelayHours !== undefined && {
        followUpDelayHours: options.followUpDelayHours,
      }),
    },
  });
  return dataOf(result, 201).caseId;
}

async function view(caseId: string, transcript = false): Promise<CaseView> {
  const result = await callApi<CaseView>(sim, {
    method: 'GET',
    template: '/cases/{id}',
    id: caseId,
    ...(transcript && { query: 'includeTranscript=true' }),
  });
  return dataOf(result);
}

async function advance(ms: number): Promise<number> {
  return (await sim.admin.advance(ms)).now;
}

/** The thread's messages as [sender address, body] pairs. */
function messages(thread: string | null | undefined): string[][] {
  if (!thread) return [];
  return thread.split('\n\n---\n\n').map((message) => {
    const [from = '', , body = ''] = message.split('\n');
    return [
      from.replace(/^From: .*<(.*)>$/, '$1'),
      body.replace(/^Message: /, ''),
    ];
  });
}

async function provideInput(
  caseId: string,
  inputRequestId: string,
  answer: string,
) {
  const result = await callApi(sim, {
    method: 'POST',
    template: '/cases/{id}/input',
    id: caseId,
    body: { inputRequestId, providedContext: answer },
  });
  dataOf(result, 202);
}

describe('first email and follow-ups', () => {
  it('sends the first email 60 simulated seconds after creation', async () => {
    const caseId = await createCase({ scenario: 'silent' });
    const created = await view(caseId);
    await advance(FIRST_EMAIL - 1);
    expect((await view(caseId)).status).toBe('CREATED');
    await advance(1);
    const running = await view(caseId, true);
    const sentAt = created.createdAt + FIRST_EMAIL;
    expect(running).toMatchObject({
      status: 'RUNNING',
      attemptCount: 1,
      updatedAt: sentAt,
      nextActionAt: sentAt + 72 * HOUR,
    });
    expect(messages(running.conversationThread)).toEqual([
      ['avery@agentmail.to', expect.stringContaining('Collect a signed W-9')],
    ]);
    expect(running.conversationThread).toContain(
      `Timestamp: ${new Date(sentAt).toISOString()}`,
    );
  });

  it('with the defaults sends 1 + 3 emails, then fails with max_retries', async () => {
    const caseId = await createCase({ scenario: 'silent' });
    const { createdAt } = await view(caseId);
    await advance(FIRST_EMAIL);
    const counts: number[] = [];
    for (let followUp = 1; followUp <= 3; followUp++) {
      await advance(72 * HOUR);
      const current = await view(caseId);
      counts.push(current.attemptCount);
      expect(current.status).toBe('RUNNING');
      expect(current.nextActionAt).toBe(
        createdAt + FIRST_EMAIL + (followUp + 1) * 72 * HOUR,
      );
    }
    expect(counts).toEqual([2, 3, 4]);
    await advance(72 * HOUR - 1);
    expect((await view(caseId)).status).toBe('RUNNING');
    await advance(1);
    const failed = await view(caseId, true);
    expect(failed).toMatchObject({
      status: 'FAILED',
      resultStatus: 'max_retries',
      attemptCount: 4,
      nextActionAt: NOTHING_SCHEDULED,
      updatedAt: createdAt + FIRST_EMAIL + 4 * 72 * HOUR,
    });
    expect(messages(failed.conversationThread)).toHaveLength(4);
  });

  it('counts maxAttempts as follow-ups after the first email', async () => {
    const caseId = await createCase({
      scenario: 'silent',
      maxAttempts: 1,
      followUpDelayHours: 2,
    });
    await advance(FIRST_EMAIL + 2 * HOUR);
    expect(await view(caseId)).toMatchObject({
      status: 'RUNNING',
      attemptCount: 2,
    });
    await advance(2 * HOUR);
    expect(await view(caseId)).toMatchObject({
      status: 'FAILED',
      resultStatus: 'max_retries',
      attemptCount: 2,
    });
  });

  it('answers a late reply after two unanswered follow-ups (late-reply)', async () => {
    const caseId = await createCase({
      scenario: 'late-reply',
      followUpDelayHours: 10,
    });
    await advance(FIRST_EMAIL + 20 * HOUR);
    expect((await view(caseId)).attemptCount).toBe(3);
    await advance(5 * HOUR + JUDGE);
    expect(await view(caseId)).toMatchObject({
      status: 'COMPLETED',
      attemptCount: 3,
      resultStatus: 'goal_achieved',
    });
  });
});

describe('scripted counterparties reach their verdicts', () => {
  it('goal-achieved: reply with attachments, judged, COMPLETED with a result', async () => {
    const caseId = await createCase({ scenario: 'goal-achieved' });
    const { createdAt } = await view(caseId);
    const replyAt = createdAt + FIRST_EMAIL + 2 * HOUR;
    await advance(FIRST_EMAIL + 2 * HOUR);

    // Received but not yet judged: the schedule is cleared meanwhile.
    const judging = await view(caseId, true);
    expect(judging).toMatchObject({
      status: 'RUNNING',
      nextActionAt: NOTHING_SCHEDULED,
      updatedAt: replyAt,
    });
    expect(messages(judging.conversationThread)).toHaveLength(2);
    expect(judging.attachments).toHaveLength(2);

    await advance(JUDGE);
    const done = await view(caseId);
    expect(done).toMatchObject({
      status: 'COMPLETED',
      resultStatus: 'goal_achieved',
      result: { documentReceived: true },
      nextActionAt: NOTHING_SCHEDULED,
      updatedAt: replyAt + JUDGE,
      attemptCount: 1,
    });
    const [named, bare] = done.attachments;
    expect(named).toMatchObject({
      name: 'vendor-w9.pdf',
      type: 'application/pdf',
      size: 904_860,
      inboxId: 'dev-test@agentmail.to',
      receivedAt: replyAt,
    });
    expect(named?.messageId).toMatch(/^<[^@<>]+@[^@<>]+>$/);
    // The second file has neither name nor type, which the API allows.
    expect(bare).not.toHaveProperty('name');
    expect(bare).not.toHaveProperty('type');
    expect(bare?.messageId).toBe(named?.messageId);
  });

  it('fills the result from the resultSchema as a best effort', async () => {
    const result = await callApi<{ caseId: string }>(sim, {
      method: 'POST',
      template: '/cases',
      body: {
        channel: 'EMAIL',
        goal: { objective: 'Get the W-9' },
        counterparty: { address: 'x+goal-achieved@y.example', name: 'X' },
        senderPersona: { name: 'Avery' },
        resultSchema: {
          type: 'object',
          properties: {
            signedW9Received: { type: 'boolean' },
            taxId: { type: 'string' },
          },
        },
      },
    });
    const caseId = dataOf(result, 201).caseId;
    await advance(FIRST_EMAIL + 2 * HOUR + JUDGE);
    expect((await view(caseId)).result).toMatchObject({
      signedW9Received: true,
      taxId: 'simulated',
      documentReceived: true,
    });
  });

  it('rejected: FAILED with failed_rejected', async () => {
    const caseId = await createCase({ scenario: 'rejected' });
    await advance(FIRST_EMAIL + 3 * HOUR + JUDGE);
    expect(await view(caseId)).toMatchObject({
      status: 'FAILED',
      resultStatus: 'failed_rejected',
      nextActionAt: NOTHING_SCHEDULED,
    });
  });

  it('needs-input: INPUT_NEEDED, then COMPLETED after the answer', async () => {
    const caseId = await createCase({
      scenario: 'needs-input',
      knowledge: { vendorName: 'Northstar' },
    });
    await advance(FIRST_EMAIL + 2 * HOUR + JUDGE);
    const waiting = await view(caseId);
    expect(waiting).toMatchObject({
      status: 'INPUT_NEEDED',
      nextActionAt: NOTHING_SCHEDULED,
      inputRequest: {
        status: 'PENDING',
        question: expect.stringContaining('signed PDF'),
        requestedAt: waiting.updatedAt,
      },
    });
    const requestId = waiting.inputRequest?.id ?? '';
    await provideInput(caseId, requestId, 'Yes, a signed PDF is fine.');
    await advance(WORKER_DELAYS.resumeAfterInputMs - 1);
    expect((await view(caseId)).inputRequest?.status).toBe('RESOLVED');
    await advance(1);
    const done = await view(caseId);
    expect(done).toMatchObject({
      status: 'COMPLETED',
      resultStatus: 'goal_achieved',
      goal: {
        knowledge: {
          vendorName: 'Northstar',
          additionalHumanContext: 'Yes, a signed PDF is fine.',
        },
      },
    });
  });

  it('leaves a string knowledge as it was when the answer comes in', async () => {
    const caseId = await createCase({
      scenario: 'needs-input',
      knowledge: 'Vendor since 2019',
    });
    await advance(FIRST_EMAIL + 2 * HOUR + JUDGE);
    const requestId = (await view(caseId)).inputRequest?.id ?? '';
    await provideInput(caseId, requestId, 'Yes.');
    await advance(WORKER_DELAYS.resumeAfterInputMs);
    const done = await view(caseId);
    expect(done.status).toBe('COMPLETED');
    expect(done.goal.knowledge).toBe('Vendor since 2019');
  });

  it('needs-input-twice: a second question gets a new request id', async () => {
    const caseId = await createCase({ scenario: 'needs-input-twice' });
    await advance(FIRST_EMAIL + 2 * HOUR + JUDGE);
    const first = (await view(caseId)).inputRequest;
    await provideInput(caseId, first?.id ?? '', 'Northstar Supplies LLC');
    await advance(WORKER_DELAYS.resumeAfterInputMs);
    const second = await view(caseId);
    expect(second.status).toBe('INPUT_NEEDED');
    expect(second.inputRequest?.status).toBe('PENDING');
    expect(second.inputRequest?.id).not.toBe(first?.id);
    await provideInput(
      caseId,
      second.inputRequest?.id ?? '',
      'Billing address',
    );
    await advance(WORKER_DELAYS.resumeAfterInputMs);
    const done = await view(caseId);
    expect(done.status).toBe('COMPLETED');
    expect(done.goal.knowledge).toEqual({
      additionalHumanContext: 'Northstar Supplies LLC\n\nBilling address',
    });
  });

  it('relays an answer in the thread when the script has nothing to judge', async () => {
    const seeded = await sim.admin.seedCase({
      status: 'INPUT_NEEDED',
      question: 'Which address?',
    });
    await provideInput(
      seeded.caseId,
      seeded.case.inputRequest?.id ?? '',
      'Use the billing address.',
    );
    await advance(WORKER_DELAYS.resumeAfterInputMs);
    const resumed = await view(seeded.caseId, true);
    expect(resumed).toMatchObject({ status: 'RUNNING', attemptCount: 2 });
    expect(resumed.nextActionAt).toBeLessThan(NOTHING_SCHEDULED);
    expect(messages(resumed.conversationThread).at(-1)?.[1]).toContain(
      'Use the billing address.',
    );
  });

  it('requires-reply: Offload answers in the thread, then the goal is reached', async () => {
    const caseId = await createCase({ scenario: 'requires-reply' });
    const { createdAt } = await view(caseId);
    await advance(FIRST_EMAIL + 2 * HOUR + JUDGE);
    const replied = await view(caseId, true);
    const repliedAt = createdAt + FIRST_EMAIL + 2 * HOUR + JUDGE;
    expect(replied).toMatchObject({
      status: 'RUNNING',
      attemptCount: 2,
      nextActionAt: repliedAt + 72 * HOUR,
    });
    expect(messages(replied.conversationThread).map(([from]) => from)).toEqual([
      'avery@agentmail.to',
      'ap+requires-reply@northstar.example',
      'avery@agentmail.to',
    ]);
    await advance(4 * HOUR + JUDGE);
    expect(await view(caseId)).toMatchObject({
      status: 'COMPLETED',
      attemptCount: 2,
    });
  });

  it('snooze: rechecked a day later with a nudge, then achieved', async () => {
    const caseId = await createCase({ scenario: 'snooze' });
    const { createdAt } = await view(caseId);
    await advance(FIRST_EMAIL + HOUR + JUDGE);
    const judgedAt = createdAt + FIRST_EMAIL + HOUR + JUDGE;
    expect(await view(caseId)).toMatchObject({
      status: 'RUNNING',
      attemptCount: 1,
      nextActionAt: judgedAt + WORKER_DELAYS.snoozeMs,
      updatedAt: judgedAt,
    });
    await advance(WORKER_DELAYS.snoozeMs);
    expect(await view(caseId)).toMatchObject({
      status: 'RUNNING',
      attemptCount: 2,
    });
    await advance(3 * HOUR + JUDGE);
    expect((await view(caseId)).status).toBe('COMPLETED');
  });

  it.each([
    ['bounce', 'BOUNCED', 1, 5 * MINUTE],
    ['complaint', 'COMPLAINED', 1, HOUR],
    ['provider-reject', 'REJECTED', 0, 0],
  ])('%s: FAILED with %s', async (scenario, resultStatus, attempts, after) => {
    const caseId = await createCase({ scenario });
    await advance(FIRST_EMAIL + after);
    const failed = await view(caseId, true);
    expect(failed).toMatchObject({
      status: 'FAILED',
      resultStatus,
      attemptCount: attempts,
      nextActionAt: NOTHING_SCHEDULED,
    });
    // A rejected send never reached the thread.
    expect(failed.conversationThread === null).toBe(attempts === 0);
  });

  it('moves updatedAt forward on every observed change', async () => {
    const caseId = await createCase({ scenario: 'requires-reply' });
    const seen: number[] = [(await view(caseId)).updatedAt];
    for (const step of [FIRST_EMAIL, 2 * HOUR, JUDGE, 4 * HOUR, JUDGE]) {
      await advance(step);
      seen.push((await view(caseId)).updatedAt);
    }
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]).toBeGreaterThan(seen[i - 1] ?? Infinity);
    }
  });

  it('keeps terminal cases final', async () => {
    const caseId = await createCase({ scenario: 'rejected' });
    await advance(FIRST_EMAIL + 3 * HOUR + JUDGE);
    const failed = await view(caseId);
    await advance(30 * 24 * HOUR);
    expect(await view(caseId)).toEqual(failed);
  });
});

describe('scenario choice', () => {
  it('takes the plus-tag of the counterparty address', async () => {
    const caseId = await createCase({ scenario: 'complaint' });
    expect((await sim.admin.internalCase(caseId)).scenario).toBe('complaint');
  });

  it('draws the same ids and scenarios for the same seed', async () => {
    const runs = [];
    for (const seed of [99, 99, 100]) {
      const other = await startSimulator({
        seed,
        timeScale: 0,
        checkResponses: true,
      });
      const stories = [];
      for (let i = 0; i < 6; i++) {
        const response = await fetch(`${other.url}/cases`, {
          method: 'POST',
          headers: {
            'x-api-key': other.apiKey,
            'content-type': 'application/json',
          },
          body: JSON.stringify({
            channel: 'EMAIL',
            goal: { objective: 'x' },
            counterparty: { address: 'plain@example.com', name: 'P' },
            senderPersona: { name: 'S' },
          }),
        });
        const { data } = (await response.json()) as {
          data: { caseId: string };
        };
        const stored = await other.admin.internalCase(data.caseId);
        stories.push(`${data.caseId}:${stored.scenario}`);
      }
      runs.push(stories);
      expect(other.responseProblems()).toEqual([]);
      await other.close();
    }
    expect(runs[0]).toEqual(runs[1]);
    expect(runs[2]).not.toEqual(runs[0]);
    for (const story of runs.flat()) {
      expect(Object.keys(SCENARIOS)).toContain(story.split(':')[1]);
    }
  });
});

describe('scheduled work', () => {
  it('ran every step of every case above without an error', async () => {
    expect((await sim.admin.errors()).errors).toEqual([]);
  });
});

describe('the real clock', () => {
  it('runs the lifecycle on its own when time is compressed', async () => {
    // 10^7 simulated ms per real ms: a follow-up an hour away is 0.4 ms.
    const fast = await startSimulator({
      seed: 3,
      timeScale: 10_000_000,
      checkResponses: true,
    });
    try {
      const response = await fetch(`${fast.url}/cases`, {
        method: 'POST',
        headers: {
          'x-api-key': fast.apiKey,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          channel: 'EMAIL',
          goal: { objective: 'x' },
          counterparty: { address: 'p+silent@example.com', name: 'P' },
          senderPersona: { name: 'S' },
          maxAttempts: 1,
          followUpDelayHours: 1,
        }),
      });
      const { data } = (await response.json()) as { data: { caseId: string } };
      await vi.waitFor(
        async () => {
          const stored = await fast.admin.internalCase(data.caseId);
          expect(stored.status).toBe('FAILED');
          expect(stored.attemptCount).toBe(2);
        },
        { timeout: 20_000, interval: 20 },
      );
      expect(fast.responseProblems()).toEqual([]);
    } finally {
      await fast.close();
    }
  });
});
