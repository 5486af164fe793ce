import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { inputState } from '../../../shared/offload/case-rules.ts';
import type { CreateCaseRequest } from '../../../shared/offload/schemas.ts';
import { Logger, Redactor } from '../../../electron/core/logger.ts';
import {
  OffloadClient,
  normaliseBaseUrl,
} from '../../../electron/core/offload-client.ts';
import type { OffloadClientOptions } from '../../../electron/core/offload-client.ts';
import { OffloadError } from '../../../electron/core/offload-error.ts';
import { startSimulator } from '../../simulator/simulator.ts';
import type { FaultRule, RunningSimulator } from '../../simulator/simulator.ts';

// The client against the real simulator over loopback HTTP: every row of
// the error tables in offload-api.md §3 and every injected fault kind.

let sim: RunningSimulator;
const logLines: string[] = [];
const logger = new Logger({
  level: 'debug',
  sink: (line) => logLines.push(line),
  redactor: new Redactor(),
});

function client(options: Partial<OffloadClientOptions> = {}) {
  return new OffloadClient({
    baseUrl: sim.url,
    apiKey: sim.apiKey,
    timeoutMs: 2_000,
    backoff: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 4 },
    logger,
    ...options,
  });
}

/** Runs `call`, which must fail, and returns its OffloadError. */
async function failure(call: Promise<unknown>): Promise<OffloadError> {
  const error = await call.then(
    () => new Error('expected the call to fail'),
    (reason: unknown) => reason,
  );
  if (!(error instanceof OffloadError)) throw error;
  // No key may ever appear in what an error carries.
  const carried = `${error.message} ${JSON.stringify(error)}`;
  for (const key of Object.values(sim.keys)) {
    expect(carried).not.toContain(key);
  }
  return error;
}

async function requestsTo(route: string) {
  const { requests } = await sim.admin.requests();
  return requests.filter((request) => request.route === route);
}

async function withFault(rule: FaultRule) {
  await sim.admin.setFaults([rule]);
}

const newCase: CreateCaseRequest = {
  channel: 'EMAIL',
  clientReferenceId: 'vendor_2048',
  goal: { objective: 'Collect a signed W-9 from the vendor' },
  counterparty: { address: 'ap+silent@northstar.example', name: 'Maya Chen' },
  senderPersona: { name: 'Avery' },
};

beforeAll(async () => {
  sim = await startSimulator({ seed: 11, checkResponses: true });
});

afterEach(async () => {
  await sim.admin.clearFaults();
  await sim.admin.clearRequests();
});

afterAll(async () => {
  await sim.close();
});

describe('normaliseBaseUrl', () => {
  it('drops trailing slashes and keeps a path prefix', () => {
    expect(normaliseBaseUrl(' https://api.example.com/prod/ ')).toBe(
      'https://api.example.com/prod',
    );
  });

  it.each(['not a url', 'ftp://example.com', 'https://u:p@example.com'])(
    'refuses %s',
    (raw) => {
      expect(() => normaliseBaseUrl(raw)).toThrow(/URL/);
    },
  );
});

describe('creating and reading cases', () => {
  it('creates a case and reads it back as CREATED', async () => {
    const { caseId } = await client().createCase(newCase);
    const view = await client().getCase(caseId);
    expect(view.caseId).toBe(caseId);
    expect(view.status).toBe('CREATED');
    expect(view.attemptCount).toBe(0);
    expect(view.clientReferenceId).toBe('vendor_2048');
    expect(view.conversationThread).toBeUndefined();
  });

  it('sends the key in x-api-key and nothing else', async () => {
    await client().getCase((await sim.admin.seedCase({})).caseId);
    const [request] = await requestsTo('getCase');
    expect(request?.key).toBe('active');
  });

  it('reads the transcript only when asked, null before any message', async () => {
    const created = await sim.admin.seedCase({ status: 'CREATED' });
    const view = await client().getCase(created.caseId, {
      includeTranscript: true,
    });
    expect(view.conversationThread).toBeNull();

    const running = await sim.admin.seedCase({
      status: 'RUNNING',
      messages: [
        { from: 'us', body: 'Could you send the signed W-9?' },
        { from: 'them', body: 'Attached here.' },
      ],
    });
    const withThread = await client().getCase(running.caseId, {
      includeTranscript: true,
    });
    expect(withThread.conversationThread).toContain('Attached here.');
    expect(withThread.conversationThread).toContain('\n\n---\n\n');
  });

  it('refuses an invalid body before sending anything', async () => {
    const error = await failure(
      client().createCase({
        ...newCase,
        counterparty: { address: '', name: 'Maya' },
      }),
    );
    expect(error.kind).toBe('invalid-request');
    expect(error.field).toBe('counterparty.address');
    expect(await requestsTo('createCase')).toHaveLength(0);
  });

  it('refuses a blank case id before sending anything', async () => {
    const error = await failure(client().getCase('  '));
    expect(error.kind).toBe('invalid-request');
    expect((await sim.admin.requests()).requests).toHaveLength(0);
  });
});

describe('the error tables, row by row', () => {
  it('401 UNAUTHORIZED for an unknown key', async () => {
    const error = await failure(
      client({ apiKey: 'not-a-real-key-000' }).getCase('any'),
    );
    expect(error).toMatchObject({
      kind: 'unauthorized',
      status: 401,
      code: 'UNAUTHORIZED',
    });
  });

  it('403 FORBIDDEN for an inactive key', async () => {
    const error = await failure(
      client({ apiKey: sim.keys.inactive }).createCase(newCase),
    );
    expect(error).toMatchObject({ kind: 'forbidden', status: 403 });
  });

  it("403 FORBIDDEN for another client's case", async () => {
    const { caseId } = await sim.admin.seedCase({
      ownerKey: sim.keys.otherClient,
    });
    const error = await failure(client().getCase(caseId));
    expect(error).toMatchObject({ kind: 'forbidden', code: 'FORBIDDEN' });
  });

  it('404 CASE_NOT_FOUND on every case route', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const call of [
      client().getCase(missing),
      client().getAttachment(missing, 'a1'),
      client().provideInput(missing, {
        inputRequestId: 'r1',
        providedContext: 'Yes',
      }),
    ]) {
      expect(await failure(call)).toMatchObject({
        kind: 'case-not-found',
        status: 404,
      });
    }
  });

  it('404 ATTACHMENT_NOT_FOUND for an attachment the case lacks', async () => {
    const { caseId } = await sim.admin.seedCase({ status: 'RUNNING' });
    const error = await failure(client().getAttachment(caseId, 'nope'));
    expect(error).toMatchObject({ kind: 'attachment-not-found', status: 404 });
  });

  it('400 INVALID_REQUEST from the server, message kept apart', async () => {
    await withFault({
      route: 'getCase',
      kind: 'error',
      status: 400,
      code: 'INVALID_REQUEST',
      times: 1,
    });
    const error = await failure(client().getCase('x'));
    expect(error.kind).toBe('invalid-request');
    expect(error.serverMessage).toBeTruthy();
    expect(await requestsTo('getCase')).toHaveLength(1);
  });

  it('409 CASE_NOT_WAITING_FOR_INPUT for a running case', async () => {
    const { caseId } = await sim.admin.seedCase({ status: 'RUNNING' });
    const error = await failure(
      client().provideInput(caseId, {
        inputRequestId: 'r1',
        providedContext: 'Yes',
      }),
    );
    expect(error).toMatchObject({
      kind: 'case-not-waiting-for-input',
      status: 409,
      outcomeUnknown: false,
    });
  });

  it('409 INPUT_REQUEST_MISMATCH for a stale request id', async () => {
    const { caseId } = await sim.admin.seedCase({
      status: 'INPUT_NEEDED',
      question: 'Is a signed PDF fine?',
    });
    const error = await failure(
      client().provideInput(caseId, {
        inputRequestId: 'stale',
        providedContext: 'Yes',
      }),
    );
    expect(error.kind).toBe('input-request-mismatch');
  });

  it('202 then 409 INPUT_REQUEST_NOT_PENDING for a second answer', async () => {
    const seeded = await sim.admin.seedCase({
      status: 'INPUT_NEEDED',
      question: 'Is a signed PDF fine?',
    });
    const requestId = seeded.case.inputRequest?.id ?? '';
    const accepted = await client().provideInput(seeded.caseId, {
      inputRequestId: requestId,
      providedContext: 'Yes, a signed PDF is fine.',
    });
    expect(accepted).toEqual({
      caseId: seeded.caseId,
      inputRequestId: requestId,
      accepted: true,
    });
    const after = await client().getCase(seeded.caseId);
    expect(inputState(after)).toBe('answer-processing');

    const error = await failure(
      client().provideInput(seeded.caseId, {
        inputRequestId: requestId,
        providedContext: 'Again',
      }),
    );
    expect(error.kind).toBe('input-request-not-pending');
  });

  it('429 USAGE_LIMIT_REACHED once the monthly cap is used', async () => {
    await sim.admin.setUsage({ created: 100 });
    try {
      const error = await failure(client().createCase(newCase));
      expect(error).toMatchObject({
        kind: 'usage-limit-reached',
        status: 429,
        transient: false,
      });
      expect(await requestsTo('createCase')).toHaveLength(1);
    } finally {
      await sim.admin.setUsage({ created: 0, billableFinished: 0 });
    }
  });

  it('500 INTERNAL_ERROR from the attachment lookup, retried', async () => {
    await withFault({ route: 'getAttachment', kind: 'envelope-500' });
    const error = await failure(client().getAttachment('c', 'a'));
    expect(error).toMatchObject({
      kind: 'server-error',
      code: 'INTERNAL_ERROR',
      attempts: 3,
    });
    expect(await requestsTo('getAttachment')).toHaveLength(3);
  });
});

describe('faults outside the envelope', () => {
  it('a gateway 429 is throttling, retried for GETs', async () => {
    await withFault({ route: 'getCase', kind: 'gateway-429', times: 2 });
    const { caseId } = await sim.admin.seedCase({});
    const view = await client().getCase(caseId);
    expect(view.caseId).toBe(caseId);
    expect(await requestsTo('getCase')).toHaveLength(3);
  });

  it('a gateway 429 on POST /cases is never retried', async () => {
    await withFault({ route: 'createCase', kind: 'gateway-429' });
    const error = await failure(client().createCase(newCase));
    expect(error).toMatchObject({ kind: 'throttled', attempts: 1 });
    expect(await requestsTo('createCase')).toHaveLength(1);
  });

  it('a platform 500 on the transcript is a server error', async () => {
    await withFault({ route: 'getTranscript', kind: 'gateway-500' });
    const { caseId } = await sim.admin.seedCase({ status: 'RUNNING' });
    const error = await failure(
      client().getCase(caseId, { includeTranscript: true }),
    );
    expect(error).toMatchObject({ kind: 'server-error', status: 500 });
    expect(error.code).toBeUndefined();
    // The plain read is untouched by a transcript fault.
    expect((await client().getCase(caseId)).caseId).toBe(caseId);
  });

  it('an HTML 502 page is a server error', async () => {
    await withFault({ route: 'getCase', kind: 'html', status: 502 });
    const error = await failure(client().getCase('x'));
    expect(error).toMatchObject({ kind: 'server-error', status: 502 });
  });

  it('an HTML page with 200 is a bad response', async () => {
    await withFault({ route: 'getCase', kind: 'html', status: 200 });
    const error = await failure(client().getCase('x'));
    expect(error.kind).toBe('bad-response');
    expect(error.message).toContain('HTML page');
  });

  it('an empty 200 body is a bad response', async () => {
    await withFault({ route: 'getCase', kind: 'empty', status: 200 });
    const error = await failure(client().getCase('x'));
    expect(error.kind).toBe('bad-response');
    expect(error.message).toContain('empty body');
  });

  it('malformed JSON is a bad response', async () => {
    await withFault({ route: 'getCase', kind: 'malformed-json' });
    const error = await failure(client().getCase('x'));
    expect(error.kind).toBe('bad-response');
    expect(error.message).toContain('not valid JSON');
  });

  it('a wrongly typed field is named', async () => {
    const { caseId } = await sim.admin.seedCase({
      status: 'COMPLETED',
      attachments: [{ name: 'w9.pdf', size: 10, type: 'application/pdf' }],
    });
    await withFault({
      route: 'getCase',
      kind: 'wrong-field',
      field: 'data.attachments.0.size',
      value: 'ten',
    });
    const error = await failure(client().getCase(caseId));
    expect(error).toMatchObject({
      kind: 'bad-response',
      field: 'data.attachments[0].size',
    });
    expect(error.message).toContain('data.attachments[0].size');
  });

  it('a connection reset is a network error, and a retry recovers', async () => {
    const { caseId } = await sim.admin.seedCase({});
    await withFault({ route: 'getCase', kind: 'reset', times: 1 });
    expect((await client().getCase(caseId)).caseId).toBe(caseId);
    await withFault({ route: 'getCase', kind: 'reset' });
    const error = await failure(client().getCase(caseId));
    expect(error).toMatchObject({ kind: 'network', attempts: 3 });
  });

  it('a truncated body is a network error', async () => {
    const { caseId } = await sim.admin.seedCase({});
    await withFault({ route: 'getCase', kind: 'truncate' });
    const error = await failure(client().getCase(caseId));
    expect(error.kind).toBe('network');
  });

  it('a slow answer is a timeout', async () => {
    await withFault({ route: 'getCase', kind: 'latency', latencyMs: 500 });
    const error = await failure(
      client({ timeoutMs: 100, backoff: noRetry }).getCase('x'),
    );
    expect(error.kind).toBe('timeout');
  });

  it('a cancelled call is aborted, not retried', async () => {
    await withFault({ route: 'getCase', kind: 'latency', latencyMs: 500 });
    const controller = new AbortController();
    const call = client().getCase('x', { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await failure(call);
    expect(error.kind).toBe('aborted');
    expect(await requestsTo('getCase')).toHaveLength(1);
  });

  it('a closed port is a network error', async () => {
    const error = await failure(
      client({ baseUrl: await closedPortUrl(), backoff: noRetry }).getCase('x'),
    );
    expect(error.kind).toBe('network');
  });
});

const noRetry = { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 };

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') {
    throw new Error('no port');
  }
  return `http://127.0.0.1:${address.port}`;
}

async function waitingCase() {
  const seeded = await sim.admin.seedCase({
    status: 'INPUT_NEEDED',
    question: 'Which address should the invoice go to?',
  });
  return {
    caseId: seeded.caseId,
    inputRequestId: seeded.case.inputRequest?.id ?? '',
  };
}

describe('answering is never blindly retried', () => {
  it('a reset before the server saw it leaves the question pending', async () => {
    const { caseId, inputRequestId } = await waitingCase();
    await withFault({ route: 'provideInput', kind: 'reset' });
    const error = await failure(
      client().provideInput(caseId, {
        inputRequestId,
        providedContext: 'Billing, please.',
      }),
    );
    expect(error).toMatchObject({
      kind: 'network',
      attempts: 1,
      outcomeUnknown: true,
    });
    expect(await requestsTo('provideInput')).toHaveLength(1);
    await sim.admin.clearFaults();
    expect(inputState(await client().getCase(caseId))).toBe('answerable');
  });

  it('a lost answer after acceptance shows as RESOLVED on re-read', async () => {
    const { caseId, inputRequestId } = await waitingCase();
    await withFault({ route: 'provideInput', kind: 'truncate' });
    const error = await failure(
      client().provideInput(caseId, {
        inputRequestId,
        providedContext: 'Billing, please.',
      }),
    );
    expect(error.outcomeUnknown).toBe(true);
    await sim.admin.clearFaults();
    expect(inputState(await client().getCase(caseId))).toBe(
      'answer-processing',
    );
    const { inputs } = await sim.admin.inputs();
    expect(inputs.filter((input) => input.caseId === caseId)).toHaveLength(1);
  });

  it('a 500 on input may have been applied and is not retried', async () => {
    const { caseId, inputRequestId } = await waitingCase();
    await withFault({ route: 'provideInput', kind: 'envelope-500' });
    const error = await failure(
      client().provideInput(caseId, {
        inputRequestId,
        providedContext: 'Billing, please.',
      }),
    );
    expect(error).toMatchObject({
      kind: 'server-error',
      attempts: 1,
      outcomeUnknown: true,
    });
  });
});

describe('verifyKey', () => {
  it('calls a valid key valid through a 404 on a random id', async () => {
    expect(await client().verifyKey()).toEqual({ outcome: 'valid' });
    const requests = (await sim.admin.requests()).requests;
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      method: 'GET',
      route: 'getCase',
      status: 404,
    });
  });

  it('rejects an unknown key', async () => {
    const check = await client({ apiKey: 'unknown-key-123456' }).verifyKey();
    expect(check).toMatchObject({
      outcome: 'rejected',
      reason: 'unknown-key',
    });
  });

  it('rejects an inactive key', async () => {
    const check = await client({ apiKey: sim.keys.inactive }).verifyKey();
    expect(check).toMatchObject({
      outcome: 'rejected',
      reason: 'inactive-key',
    });
  });

  it('reports an unreachable server as its own outcome', async () => {
    const check = await client({
      baseUrl: await closedPortUrl(),
      backoff: noRetry,
    }).verifyKey();
    expect(check.outcome).toBe('unreachable');
  });
});

// Last in the file, so it sees every exchange above.
describe('over the whole file', () => {
  it('received only responses that conform to the OpenAPI file', () => {
    expect(sim.responseProblems()).toEqual([]);
  });

  it('never logged a key', () => {
    expect(logLines.length).toBeGreaterThan(0);
    for (const key of Object.values(sim.keys)) {
      expect(logLines.join('\n')).not.toContain(key);
    }
  });
});
