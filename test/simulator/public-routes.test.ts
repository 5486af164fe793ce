import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTHING_SCHEDULED } from '../../shared/offload/case-rules.ts';
import type { CaseView } from '../../shared/offload/schemas.ts';
import { callApi, dataOf, outcomeOf, type ApiCall } from './api-request.ts';
import { startSimulator, type RunningSimulator } from './simulator.ts';

// Every status and error row of offload-api.md §3, route by route, with
// each answer checked against the OpenAPI file by callApi().

let sim: RunningSimulator;
const TTL_MS = 10 * 60_000;
const UUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const MISSING = '00000000-0000-4000-8000-000000000000';

const minimalCase = {
  channel: 'EMAIL',
  goal: { objective: 'Confirm whether the Tuesday delivery window works' },
  counterparty: { address: 'ops+silent@acme.example', name: 'Sam Ortiz' },
  senderPersona: { name: 'Jordan' },
};

beforeAll(async () => {
  sim = await startSimulator({ seed: 5, timeScale: 0, linkTtlMs: TTL_MS });
});

afterAll(async () => {
  await sim.close();
});

async function createCase(body: unknown = minimalCase): Promise<string> {
  const result = await callApi<{ caseId: string }>(sim, {
    method: 'POST',
    template: '/cases',
    body,
  });
  return dataOf(result, 201).caseId;
}

function getCase(id: string, query?: string) {
  return callApi<CaseView>(sim, {
    method: 'GET',
    template: '/cases/{id}',
    id,
    ...(query !== undefined && { query }),
  });
}

async function waitingCase() {
  const seeded = await sim.admin.seedCase({
    status: 'INPUT_NEEDED',
    question: 'Is a signed PDF acceptable?',
  });
  return { caseId: seeded.caseId, requestId: seeded.case.inputRequest?.id };
}

/** One call per route, each with everything else wrong as well. */
const everyRoute: Array<[string, ApiCall]> = [
  ['POST /cases', { method: 'POST', template: '/cases', rawBody: '{oops' }],
  ['GET /cases/{id}', { method: 'GET', template: '/cases/{id}', id: MISSING }],
  [
    'GET /cases/{id}/attachments/{attachmentId}',
    {
      method: 'GET',
      template: '/cases/{id}/attachments/{attachmentId}',
      id: MISSING,
      attachmentId: 'a1',
    },
  ],
  [
    'POST /cases/{id}/input',
    { method: 'POST', template: '/cases/{id}/input', id: MISSING, body: {} },
  ],
];

describe('authentication comes before every other check', () => {
  it.each(everyRoute)('%s: 401 UNAUTHORIZED without a key', async (_, call) => {
    expect(outcomeOf(await callApi(sim, { ...call, key: null }))).toMatchObject(
      { status: 401, code: 'UNAUTHORIZED' },
    );
  });

  it.each(everyRoute)(
    '%s: 401 UNAUTHORIZED for an unknown key',
    async (_, call) => {
      const result = await callApi(sim, { ...call, key: 'sim_live_nope' });
      expect(outcomeOf(result)).toMatchObject({
        status: 401,
        code: 'UNAUTHORIZED',
      });
    },
  );

  it.each(everyRoute)(
    '%s: 403 FORBIDDEN for an inactive key',
    async (_, call) => {
      const result = await callApi(sim, { ...call, key: sim.keys.inactive });
      expect(outcomeOf(result)).toMatchObject({
        status: 403,
        code: 'FORBIDDEN',
      });
    },
  );
});

describe('POST /cases', () => {
  it('answers 201 with a UUID and stores a CREATED case with defaults', async () => {
    const caseId = await createCase({
      ...minimalCase,
      clientReferenceId: 'vendor_2048',
      constraints: ['Email only'],
      resultSchema: { type: 'object' },
      followUpDelayHours: 5,
      clientWebhookUrl: 'http://127.0.0.1:9/hook',
      metadata: { vendorId: 'vendor_2048' },
    });
    expect(caseId).toMatch(UUID);
    const view = dataOf(await getCase(caseId));
    expect(view).toMatchObject({
      caseId,
      clientReferenceId: 'vendor_2048',
      status: 'CREATED',
      attemptCount: 0,
      maxAttempts: 3,
      nextActionAt: NOTHING_SCHEDULED,
      channel: 'EMAIL',
      attachments: [],
      constraints: ['Email only'],
      resultSchema: { type: 'object' },
      inputRequest: null,
    });
    expect(view.createdAt).toBe(view.updatedAt);
    // Stored but never returned by GET (offload-api.md §4.1).
    for (const hidden of [
      'metadata',
      'clientWebhookUrl',
      'followUpDelayHours',
      'failureReason',
      'conversationThread',
    ]) {
      expect(view).not.toHaveProperty(hidden);
    }
    const stored = await sim.admin.internalCase(caseId);
    expect(stored).toMatchObject({
      followUpDelayHours: 5,
      metadata: { vendorId: 'vendor_2048' },
      clientWebhookUrl: 'http://127.0.0.1:9/hook',
    });
  });

  it('leaves optional fields out rather than null', async () => {
    const view = dataOf(await getCase(await createCase()));
    for (const absent of [
      'clientReferenceId',
      'resultStatus',
      'result',
      'resultSchema',
      'constraints',
    ]) {
      expect(view).not.toHaveProperty(absent);
    }
    expect(view.inputRequest).toBeNull();
  });

  it.each([
    [
      { ...minimalCase, counterparty: { name: 'Sam' } },
      'counterparty.address is required',
    ],
    [{ ...minimalCase, foo: 1 }, 'foo is not allowed'],
    [
      { ...minimalCase, goal: { objective: 'x', extra: true } },
      'goal.extra is not allowed',
    ],
    [{ ...minimalCase, channel: undefined }, 'channel is required'],
    [{ ...minimalCase, maxAttempts: 0 }, 'maxAttempts'],
    [{ ...minimalCase, followUpDelayHours: 1.5 }, 'followUpDelayHours'],
    [{ ...minimalCase, clientWebhookUrl: 'not a url' }, 'clientWebhookUrl'],
    [
      {
        ...minimalCase,
        counterparty: { ...minimalCase.counterparty, customData: { n: 1 } },
      },
      'counterparty.customData.n',
    ],
    [{ ...minimalCase, goal: { objective: '' } }, 'goal.objective'],
  ])(
    'answers 400 INVALID_REQUEST naming the field (%#)',
    async (body, named) => {
      const result = await callApi(sim, {
        method: 'POST',
        template: '/cases',
        body,
      });
      expect(outcomeOf(result)).toMatchObject({
        status: 400,
        code: 'INVALID_REQUEST',
        message: expect.stringContaining(named),
      });
    },
  );

  it('answers 400 INVALID_REQUEST for malformed JSON and an empty body', async () => {
    for (const rawBody of ['{"channel":', '']) {
      const result = await callApi(sim, {
        method: 'POST',
        template: '/cases',
        rawBody,
      });
      expect(outcomeOf(result)).toMatchObject({
        status: 400,
        code: 'INVALID_REQUEST',
        message: expect.stringMatching(/JSON/),
      });
    }
  });

  it('answers 500 INTERNAL_ERROR when storing fails (injected)', async () => {
    await sim.admin.addFault({
      route: 'createCase',
      kind: 'envelope-500',
      times: 1,
    });
    const result = await callApi(sim, {
      method: 'POST',
      template: '/cases',
      body: minimalCase,
    });
    expect(outcomeOf(result)).toMatchObject({
      status: 500,
      code: 'INTERNAL_ERROR',
    });
  });
});

describe('the monthly usage cap (offload-api.md §7)', () => {
  it('answers 429 USAGE_LIMIT_REACHED once created cases reach the cap', async () => {
    await sim.admin.setUsage({
      plan: 'SANDBOX',
      created: 99,
      billableFinished: 0,
    });
    await createCase();
    const blocked = await callApi(sim, {
      method: 'POST',
      template: '/cases',
      body: minimalCase,
    });
    expect(outcomeOf(blocked)).toMatchObject({
      status: 429,
      code: 'USAGE_LIMIT_REACHED',
    });
    expect((await sim.admin.usage()).created).toBe(100);
  });

  it('also blocks on billable finished cases, whatever was created', async () => {
    await sim.admin.setUsage({ created: 0, billableFinished: 100 });
    const blocked = await callApi(sim, {
      method: 'POST',
      template: '/cases',
      body: minimalCase,
    });
    expect(outcomeOf(blocked)).toMatchObject({
      status: 429,
      code: 'USAGE_LIMIT_REACHED',
    });
  });

  it('uses the plan caps: PAYG 100, BASE_PRO 500', async () => {
    await sim.admin.setUsage({
      plan: 'PAYG',
      created: 100,
      billableFinished: 0,
    });
    const payg = await callApi(sim, {
      method: 'POST',
      template: '/cases',
      body: minimalCase,
    });
    expect(outcomeOf(payg)).toMatchObject({
      status: 429,
      code: 'USAGE_LIMIT_REACHED',
    });
    await sim.admin.setUsage({ plan: 'BASE_PRO', created: 499 });
    await createCase();
    const pro = await callApi(sim, {
      method: 'POST',
      template: '/cases',
      body: minimalCase,
    });
    expect(outcomeOf(pro)).toMatchObject({
      status: 429,
      code: 'USAGE_LIMIT_REACHED',
    });
    await sim.admin.setUsage({ plan: 'SANDBOX', created: 0 });
  });

  it('counts per client: another client is not blocked', async () => {
    await sim.admin.setUsage({ clientId: 'client-a', created: 100 });
    const other = await callApi(sim, {
      method: 'POST',
      template: '/cases',
      key: sim.keys.otherClient,
      body: minimalCase,
    });
    expect(other.status).toBe(201);
    await sim.admin.setUsage({ clientId: 'client-a', created: 0 });
  });

  it('counts completed and failed cases as billable, provider failures not', async () => {
    await sim.admin.setUsage({ created: 0, billableFinished: 0 });
    const completed = await createCase({
      ...minimalCase,
      counterparty: { address: 'a+goal-achieved@x.example', name: 'A' },
    });
    const bounced = await createCase({
      ...minimalCase,
      counterparty: { address: 'b+bounce@x.example', name: 'B' },
    });
    const rejected = await createCase({
      ...minimalCase,
      counterparty: { address: 'c+rejected@x.example', name: 'C' },
    });
    await sim.admin.advance(6 * 3_600_000);
    expect(dataOf(await getCase(completed)).status).toBe('COMPLETED');
    expect(dataOf(await getCase(bounced)).resultStatus).toBe('BOUNCED');
    expect(dataOf(await getCase(rejected)).resultStatus).toBe(
      'failed_rejected',
    );
    const usage = await sim.admin.usage();
    expect(usage).toMatchObject({ created: 3, billableFinished: 2 });
  });
});

describe('GET /cases/{id}', () => {
  it('answers 400 INVALID_REQUEST when the id is missing', async () => {
    const result = await callApi(sim, {
      method: 'GET',
      template: '/cases/{id}',
      path: '/cases/',
    });
    expect(outcomeOf(result)).toMatchObject({
      status: 400,
      code: 'INVALID_REQUEST',
      message: expect.stringMatching(/Case ID/),
    });
  });

  it('answers 404 CASE_NOT_FOUND for an unknown id', async () => {
    expect(outcomeOf(await getCase(MISSING))).toMatchObject({
      status: 404,
      code: 'CASE_NOT_FOUND',
    });
  });

  it("answers 403 FORBIDDEN for another client's case", async () => {
    const { caseId } = await sim.admin.seedCase({
      ownerKey: sim.keys.otherClient,
    });
    expect(outcomeOf(await getCase(caseId))).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
    });
    const asOwner = await callApi<CaseView>(sim, {
      method: 'GET',
      template: '/cases/{id}',
      id: caseId,
      key: sim.keys.otherClient,
    });
    expect(dataOf(asOwner).caseId).toBe(caseId);
  });

  it('lets every key of the same client read its cases', async () => {
    const { key } = await sim.admin.addKey({
      active: true,
      clientId: 'client-a',
    });
    const caseId = await createCase();
    const result = await callApi<CaseView>(sim, {
      method: 'GET',
      template: '/cases/{id}',
      id: caseId,
      key,
    });
    expect(dataOf(result).caseId).toBe(caseId);
  });

  it('gives conversationThread null before the first message', async () => {
    const caseId = await createCase();
    const view = dataOf(await getCase(caseId, 'includeTranscript=true'));
    expect(view).toHaveProperty('conversationThread', null);
  });

  it.each([
    ['includeTranscript=true', true],
    ['includeTranscript=%20TRUE%20', true],
    ['includeTranscript=True', true],
    ['includeTranscript=false', false],
    ['includeTranscript=1', false],
    ['includeTranscript=', false],
    ['other=true', false],
  ])('with %s the transcript is included: %s', async (query, included) => {
    const { caseId } = await sim.admin.seedCase({
      status: 'RUNNING',
      messages: [{ from: 'us', body: 'Hello' }],
    });
    const view = dataOf(await getCase(caseId, query));
    expect(Object.hasOwn(view, 'conversationThread')).toBe(included);
    expect(typeof view.conversationThread === 'string').toBe(included);
  });

  it('leaves conversationThread out without the parameter', async () => {
    const { caseId } = await sim.admin.seedCase({ status: 'RUNNING' });
    expect(dataOf(await getCase(caseId))).not.toHaveProperty(
      'conversationThread',
    );
  });

  it('formats the transcript as in the docs, oldest first', async () => {
    const seeded = await sim.admin.seedCase({
      status: 'RUNNING',
      counterparty: { address: 'ap@northstar.example', name: 'Maya Chen' },
      senderPersona: { name: 'Avery Stone' },
      messages: [
        { from: 'us', body: 'Hi Maya, could you send the signed W-9?' },
        { from: 'them', body: 'Attached here.' },
      ],
    });
    const view = dataOf(await getCase(seeded.caseId, 'includeTranscript=true'));
    const created = seeded.case.createdAt;
    const at = (minutes: number) =>
      new Date(created + minutes * 60_000).toISOString();
    expect(view.conversationThread).toBe(
      `From: Avery Stone <avery-stone@agentmail.to>\nTimestamp: ${at(1)}\n` +
        'Message: Hi Maya, could you send the signed W-9?' +
        '\n\n---\n\n' +
        `From: Maya Chen <ap@northstar.example>\nTimestamp: ${at(2)}\n` +
        'Message: Attached here.',
    );
  });

  it('answers 500 when the transcript fetch fails (injected)', async () => {
    const { caseId } = await sim.admin.seedCase({ status: 'RUNNING' });
    await sim.admin.addFault({
      route: 'getTranscript',
      kind: 'envelope-500',
      times: 1,
    });
    const result = await getCase(caseId, 'includeTranscript=true');
    expect(outcomeOf(result)).toMatchObject({
      status: 500,
      code: 'INTERNAL_ERROR',
    });
  });
});

async function caseWithFile() {
  const seeded = await sim.admin.seedCase({
    status: 'COMPLETED',
    attachments: [
      { name: 'vendor-w9.pdf', type: 'application/pdf', size: 904_860 },
    ],
  });
  const attachment = seeded.case.attachments[0];
  if (attachment === undefined) throw new Error('no attachment');
  return { caseId: seeded.caseId, attachment };
}

function getAttachment(id: string, attachmentId: string, key?: string) {
  return callApi<Record<string, unknown>>(sim, {
    method: 'GET',
    template: '/cases/{id}/attachments/{attachmentId}',
    id,
    attachmentId,
    ...(key !== undefined && { key }),
  });
}

describe('GET /cases/{id}/attachments/{attachmentId}', () => {
  it('answers 400 INVALID_REQUEST when either id is missing', async () => {
    for (const path of ['/cases//attachments/a1', '/cases/c1/attachments/']) {
      const result = await callApi(sim, {
        method: 'GET',
        template: '/cases/{id}/attachments/{attachmentId}',
        path,
      });
      expect(outcomeOf(result)).toMatchObject({
        status: 400,
        code: 'INVALID_REQUEST',
      });
    }
  });

  it('answers 404 CASE_NOT_FOUND, then 403, then 404 ATTACHMENT_NOT_FOUND', async () => {
    expect(outcomeOf(await getAttachment(MISSING, 'a1'))).toMatchObject({
      status: 404,
      code: 'CASE_NOT_FOUND',
    });
    const { caseId, attachment } = await caseWithFile();
    const other = await getAttachment(
      caseId,
      attachment.attachmentId,
      sim.keys.otherClient,
    );
    expect(outcomeOf(other)).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(outcomeOf(await getAttachment(caseId, 'nope'))).toMatchObject({
      status: 404,
      code: 'ATTACHMENT_NOT_FOUND',
    });
  });

  it('returns the attachment with a fresh link and an ISO expiry', async () => {
    const { caseId, attachment } = await caseWithFile();
    const { now } = await sim.admin.clock();
    const first = dataOf(await getAttachment(caseId, attachment.attachmentId));
    const second = dataOf(await getAttachment(caseId, attachment.attachmentId));
    expect(first).toMatchObject({ ...attachment });
    expect(first.downloadUrl).toMatch(
      new RegExp(`^${sim.url}/__files/[0-9a-f]+$`),
    );
    expect(second.downloadUrl).not.toBe(first.downloadUrl);
    expect(first.expiresAt).toBe(new Date(now + TTL_MS).toISOString());
  });

  it('answers 500 INTERNAL_ERROR when the provider lookup fails (injected)', async () => {
    const { caseId, attachment } = await caseWithFile();
    await sim.admin.addFault({
      route: 'getAttachment',
      kind: 'envelope-500',
      times: 1,
    });
    const result = await getAttachment(caseId, attachment.attachmentId);
    expect(outcomeOf(result)).toMatchObject({
      status: 500,
      code: 'INTERNAL_ERROR',
    });
  });
});

function provideInput(id: string, body: unknown, key?: string) {
  return callApi<Record<string, unknown>>(sim, {
    method: 'POST',
    template: '/cases/{id}/input',
    id,
    body,
    ...(key !== undefined && { key }),
  });
}

describe('POST /cases/{id}/input', () => {
  it('answers 400 INVALID_REQUEST for a missing case id', async () => {
    const result = await callApi(sim, {
      method: 'POST',
      template: '/cases/{id}/input',
      path: '/cases//input',
      body: { inputRequestId: 'r', providedContext: 'Yes' },
    });
    expect(outcomeOf(result)).toMatchObject({
      status: 400,
      code: 'INVALID_REQUEST',
      message: expect.stringMatching(/Case ID/),
    });
  });

  it.each([
    [{ providedContext: 'Yes' }, 'inputRequestId is required'],
    [
      { inputRequestId: 'r', providedContext: '   ' },
      'providedContext must be a non-empty string',
    ],
    [
      { inputRequestId: ' ', providedContext: 'Yes' },
      'inputRequestId must be a non-empty string',
    ],
    [
      { inputRequestId: 'r', providedContext: 'Yes', extra: 1 },
      'extra is not allowed',
    ],
    [{ inputRequestId: 7, providedContext: 'Yes' }, 'inputRequestId'],
  ])(
    'answers 400 INVALID_REQUEST naming the field (%#)',
    async (body, named) => {
      const { caseId } = await waitingCase();
      const result = await provideInput(caseId, body);
      expect(outcomeOf(result)).toMatchObject({
        status: 400,
        code: 'INVALID_REQUEST',
        message: expect.stringContaining(named),
      });
    },
  );

  it('answers 404 CASE_NOT_FOUND and 403 FORBIDDEN', async () => {
    const body = { inputRequestId: 'r', providedContext: 'Yes' };
    expect(outcomeOf(await provideInput(MISSING, body))).toMatchObject({
      status: 404,
      code: 'CASE_NOT_FOUND',
    });
    const { caseId } = await waitingCase();
    expect(
      outcomeOf(await provideInput(caseId, body, sim.keys.otherClient)),
    ).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });

  it('answers 409 CASE_NOT_WAITING_FOR_INPUT before checking the request', async () => {
    const { caseId } = await sim.admin.seedCase({ status: 'RUNNING' });
    const result = await provideInput(caseId, {
      inputRequestId: 'anything',
      providedContext: 'Yes',
    });
    expect(outcomeOf(result)).toMatchObject({
      status: 409,
      code: 'CASE_NOT_WAITING_FOR_INPUT',
    });
  });

  it('answers 409 INPUT_REQUEST_MISMATCH for a stale id', async () => {
    const { caseId } = await waitingCase();
    const result = await provideInput(caseId, {
      inputRequestId: 'stale',
      providedContext: 'Yes',
    });
    expect(outcomeOf(result)).toMatchObject({
      status: 409,
      code: 'INPUT_REQUEST_MISMATCH',
    });
  });

  it('accepts with 202, shows RESOLVED at once, then refuses a second answer', async () => {
    const { caseId, requestId } = await waitingCase();
    const before = dataOf(await getCase(caseId));
    const accepted = await provideInput(caseId, {
      inputRequestId: ` ${requestId} `,
      providedContext: ' Yes, a signed PDF is fine. ',
    });
    expect(dataOf(accepted, 202)).toEqual({
      caseId,
      inputRequestId: requestId,
      accepted: true,
    });

    // The transient pair: still INPUT_NEEDED, request already RESOLVED.
    const transient = dataOf(await getCase(caseId));
    expect(transient.status).toBe('INPUT_NEEDED');
    expect(transient.inputRequest?.status).toBe('RESOLVED');
    expect(transient.updatedAt).toBeGreaterThan(before.updatedAt);

    // The pending check runs before the id check: even a wrong id gets it.
    for (const inputRequestId of [requestId, 'stale']) {
      const again = await provideInput(caseId, {
        inputRequestId,
        providedContext: 'Again',
      });
      expect(outcomeOf(again)).toMatchObject({
        status: 409,
        code: 'INPUT_REQUEST_NOT_PENDING',
      });
    }

    // Once the worker resumed, the case is no longer waiting.
    await sim.admin.advance(60_000);
    const after = dataOf(await getCase(caseId));
    expect(after.status).toBe('RUNNING');
    const late = await provideInput(caseId, {
      inputRequestId: requestId,
      providedContext: 'Late',
    });
    expect(outcomeOf(late)).toMatchObject({
      status: 409,
      code: 'CASE_NOT_WAITING_FOR_INPUT',
    });

    const inputs = (await sim.admin.inputs()).inputs.filter(
      (input) => input.caseId === caseId,
    );
    expect(inputs.map((input) => input.status)).toEqual([202, 409, 409, 409]);
    expect(inputs[0]?.providedContext).toBe(' Yes, a signed PDF is fine. ');
  });

  it('answers 500 INTERNAL_ERROR when queueing fails (injected)', async () => {
    const { caseId, requestId } = await waitingCase();
    await sim.admin.addFault({
      route: 'provideInput',
      kind: 'envelope-500',
      times: 1,
    });
    const result = await provideInput(caseId, {
      inputRequestId: requestId,
      providedContext: 'Yes',
    });
    expect(outcomeOf(result)).toMatchObject({
      status: 500,
      code: 'INTERNAL_ERROR',
    });
    // The injected failure happened before the handler: still answerable.
    expect(dataOf(await getCase(caseId)).inputRequest?.status).toBe('PENDING');
  });
});

describe('outside the four routes', () => {
  it.each([
    ['GET', '/cases'],
    ['DELETE', '/cases/abc'],
    ['GET', '/cases/abc/input'],
    ['GET', '/cases/abc/'],
    ['GET', '/webhooks'],
  ])(
    '%s %s answers 404 NOT_FOUND, with or without a key',
    async (method, path) => {
      const withAndWithout: Array<Record<string, string>> = [
        { 'x-api-key': sim.apiKey },
        {},
      ];
      for (const headers of withAndWithout) {
        const response = await fetch(`${sim.url}${path}`, { method, headers });
        expect(response.status).toBe(404);
        expect(await response.json()).toMatchObject({
          ok: false,
          error: { code: 'NOT_FOUND' },
        });
      }
    },
  );
});

describe('the request log', () => {
  it('records the key class, never the key itself', async () => {
    await sim.admin.clearRequests();
    await getCase(MISSING);
    await callApi(sim, {
      method: 'GET',
      template: '/cases/{id}',
      id: MISSING,
      key: sim.keys.inactive,
    });
    await callApi(sim, {
      method: 'GET',
      template: '/cases/{id}',
      id: MISSING,
      key: 'bogus',
    });
    await callApi(sim, {
      method: 'GET',
      template: '/cases/{id}',
      id: MISSING,
      key: null,
    });
    const { requests } = await sim.admin.requests();
    expect(requests.map((entry) => [entry.key, entry.status])).toEqual([
      ['active', 404],
      ['inactive', 403],
      ['unknown', 401],
      ['missing', 401],
    ]);
    const logText = JSON.stringify(requests);
    for (const key of Object.values(sim.keys))
      expect(logText).not.toContain(key);
  });
});
