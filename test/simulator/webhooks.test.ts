import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { webhookEventId } from '../../shared/offload/case-rules.ts';
import type { CaseView, WebhookEvent } from '../../shared/offload/schemas.ts';
import { validateComponent } from '../support/openapi.ts';
import { callApi, dataOf } from './api-request.ts';
import { WORKER_DELAYS } from './case-worker.ts';
import { startSimulator, type RunningSimulator } from './simulator.ts';

// Webhooks (offload-api.md §6) received by a real HTTP server on
// loopback. Absence is checked with a later event as a barrier: events of
// one simulator go out in order, so once the barrier arrives an event
// that was going to come would already be there.

const HOUR = 3_600_000;
const FIRST_EMAIL = WORKER_DELAYS.firstEmailMs;
const JUDGE = WORKER_DELAYS.judgeReplyMs;

interface Received {
  headers: IncomingHttpHeaders;
  event: WebhookEvent;
}

let sim: RunningSimulator;
let receiver: Server;
let hookUrl: string;
let received: Received[] = [];
let waiters: Array<() => boolean> = [];
/** The status the receiver answers with. */
let answerStatus = 204;

/** Resolves once `count` webhooks have arrived in total. */
function arrivals(count: number): Promise<Received[]> {
  return new Promise((resolve) => {
    const check = () => {
      if (received.length < count) return false;
      resolve(received.slice(0, count));
      return true;
    };
    if (!check()) waiters.push(check);
  });
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        headers: req.headers,
        event: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      res.writeHead(answerStatus).end();
      waiters = waiters.filter((check) => !check());
    });
  });
  await new Promise<void>((resolve) =>
    receiver.listen(0, '127.0.0.1', resolve),
  );
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  sim = await startSimulator({ seed: 8, timeScale: 0 });
});

beforeEach(async () => {
  received = [];
  waiters = [];
  answerStatus = 204;
  await sim.admin.setWebhookMode('normal');
});

afterAll(async () => {
  await sim.close();
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

async function createCase(scenario: string, withHook = true): Promise<string> {
  const result = await callApi<{ caseId: string }>(sim, {
    method: 'POST',
    template: '/cases',
    body: {
      channel: 'EMAIL',
      clientReferenceId: `ref-${scenario}`,
      goal: { objective: 'Collect a signed W-9' },
      counterparty: {
        address: `ap+${scenario}@northstar.example`,
        name: 'Maya',
      },
      senderPersona: { name: 'Avery' },
      maxAttempts: 1,
      followUpDelayHours: 1,
      ...(withHook && {
        clientWebhookUrl: hookUrl,
        metadata: { vendorId: 'vendor_2048', source: 'tests' },
      }),
    },
  });
  return dataOf(result, 201).caseId;
}

async function view(caseId: string): Promise<CaseView> {
  return dataOf(
    await callApi<CaseView>(sim, {
      method: 'GET',
      template: '/cases/{id}',
      id: caseId,
    }),
  );
}

function expectValidEvent(event: WebhookEvent) {
  expect(validateComponent('ClientWebhookEvent', event)).toEqual({
    valid: true,
  });
}

describe('events on transitions', () => {
  it('case.completed carries the documented id, timestamp and data', async () => {
    const caseId = await createCase('goal-achieved');
    await sim.admin.advance(FIRST_EMAIL + 2 * HOUR + JUDGE);
    const [hook] = await arrivals(1);
    const current = await view(caseId);
    expect(hook?.headers['content-type']).toBe('application/json');
    expect(hook?.headers).not.toHaveProperty('x-signature');
    const event = hook?.event as WebhookEvent;
    expectValidEvent(event);
    expect(event).toEqual({
      event_id: webhookEventId(caseId, 'case.completed', current.updatedAt),
      event_type: 'case.completed',
      timestamp: current.updatedAt,
      data: {
        caseId,
        clientReferenceId: 'ref-goal-achieved',
        status: 'COMPLETED',
        channel: 'EMAIL',
        // The first email, and the follow-up an hour later.
        attemptCount: 2,
        attachments: current.attachments,
        resultStatus: 'goal_achieved',
        result: current.result,
        metadata: { vendorId: 'vendor_2048', source: 'tests' },
      },
    });
    expect(event.event_id).toBe(
      `evt_${caseId}_case_completed_${current.updatedAt}`,
    );
  });

  it('case.input_needed carries the request as flat fields', async () => {
    const caseId = await createCase('needs-input');
    await sim.admin.advance(FIRST_EMAIL + 2 * HOUR + JUDGE);
    const [hook] = await arrivals(1);
    const current = await view(caseId);
    const event = hook?.event as WebhookEvent;
    expectValidEvent(event);
    expect(event.event_type).toBe('case.input_needed');
    expect(event.data).toMatchObject({
      status: 'INPUT_NEEDED',
      inputRequest: current.inputRequest?.question,
      inputRequestId: current.inputRequest?.id,
      inputRequestStatus: 'PENDING',
      inputRequestedAt: current.inputRequest?.requestedAt,
    });
    expect(event.data).not.toHaveProperty('resultStatus');
  });

  it('case.failed carries a failureReason for a bounce, null for max_retries', async () => {
    const bounced = await createCase('bounce');
    const silent = await createCase('silent');
    await sim.admin.advance(FIRST_EMAIL + 2 * HOUR);
    const hooks = await arrivals(2);
    const byCase = new Map(
      hooks.map((hook) => [hook.event.data.caseId, hook.event]),
    );
    expect(byCase.get(bounced)?.data).toMatchObject({
      status: 'FAILED',
      resultStatus: 'BOUNCED',
      failureReason: 'Recipient address rejected by mail server',
    });
    expect(byCase.get(silent)?.data).toMatchObject({
      status: 'FAILED',
      resultStatus: 'max_retries',
      failureReason: null,
      attemptCount: 2,
    });
    for (const hook of hooks) expectValidEvent(hook.event);
  });

  it('sends nothing for creation, follow-ups or cases without a URL', async () => {
    const quiet = await createCase('goal-achieved', false);
    const silent = await createCase('silent');
    // First email and one follow-up happen; the case fails at 2 h.
    await sim.admin.advance(FIRST_EMAIL + 2 * HOUR + JUDGE);
    const hooks = await arrivals(1);
    expect(hooks.map((hook) => hook.event.data.caseId)).toEqual([silent]);
    expect(hooks[0]?.event.event_type).toBe('case.failed');
    expect((await view(quiet)).status).toBe('COMPLETED');
  });

  it('follows admin transitions like real ones', async () => {
    const seeded = await sim.admin.seedCase({
      status: 'RUNNING',
      clientWebhookUrl: hookUrl,
    });
    const { case: after } = await sim.admin.transition(seeded.caseId, {
      to: 'FAILED',
      resultStatus: 'COMPLAINED',
      failureReason: 'Marked as spam',
    });
    const [hook] = await arrivals(1);
    expect(hook?.event).toMatchObject({
      event_id: webhookEventId(seeded.caseId, 'case.failed', after.updatedAt),
      data: { resultStatus: 'COMPLAINED', failureReason: 'Marked as spam' },
    });
  });
});

describe('delivery modes', () => {
  it('drop: the event is recorded as dropped and never sent', async () => {
    await sim.admin.setWebhookMode('drop');
    const dropped = await createCase('rejected');
    await sim.admin.advance(FIRST_EMAIL + 3 * HOUR + JUDGE);
    await sim.admin.setWebhookMode('normal');
    const barrier = await createCase('bounce');
    await sim.admin.advance(FIRST_EMAIL + HOUR);
    const hooks = await arrivals(1);
    expect(hooks.map((hook) => hook.event.data.caseId)).toEqual([barrier]);
    const { deliveries } = await sim.admin.webhooks();
    expect(
      deliveries.filter((delivery) => delivery.caseId === dropped),
    ).toMatchObject([{ outcome: 'dropped', copy: 1, mode: 'drop' }]);
  });

  it('duplicate: the same event arrives twice', async () => {
    await sim.admin.setWebhookMode('duplicate');
    const caseId = await createCase('rejected');
    await sim.admin.advance(FIRST_EMAIL + 3 * HOUR + JUDGE);
    const [first, second] = await arrivals(2);
    expect(first?.event.data.caseId).toBe(caseId);
    expect(second?.event).toEqual(first?.event);
  });

  it('a failing receiver gets one attempt, recorded, no retry', async () => {
    answerStatus = 500;
    const caseId = await createCase('rejected');
    await sim.admin.advance(FIRST_EMAIL + 3 * HOUR + JUDGE);
    await arrivals(1);
    answerStatus = 204;
    const barrier = await createCase('bounce');
    await sim.admin.advance(FIRST_EMAIL + HOUR);
    const hooks = await arrivals(2);
    expect(hooks.map((hook) => hook.event.data.caseId)).toEqual([
      caseId,
      barrier,
    ]);
    const { deliveries } = await sim.admin.webhooks();
    const forCase = deliveries.filter((delivery) => delivery.caseId === caseId);
    expect(forCase).toMatchObject([{ outcome: 'http-error', httpStatus: 500 }]);
  });

  it('an unreachable receiver is recorded as a network error', async () => {
    const seeded = await sim.admin.seedCase({
      status: 'RUNNING',
      // Port 9 (discard) on loopback: nothing listens there in the tests.
      clientWebhookUrl: 'http://127.0.0.1:9/hooks',
    });
    await sim.admin.transition(seeded.caseId, { to: 'COMPLETED' });
    let outcome = 'pending';
    while (outcome === 'pending') {
      const { deliveries } = await sim.admin.webhooks();
      outcome =
        deliveries.find((delivery) => delivery.caseId === seeded.caseId)
          ?.outcome ?? 'pending';
    }
    expect(outcome).toBe('network-error');
  });
});
