import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { responseProblems } from '../support/openapi.ts';
import { callApi, dataOf } from './api-request.ts';
import { rawRequest, type RawResponse } from './raw-http.ts';
import { startSimulator, type RunningSimulator } from './simulator.ts';

// Each injected fault as a client sees it on the wire, plus the rules'
// matching, consumption and logging.

let sim: RunningSimulator;
let caseId: string;

beforeAll(async () => {
  // Raw requests bypass callApi, so the simulator checks its own honest
  // answers against the spec; the last test reads what it found.
  sim = await startSimulator({ seed: 17, timeScale: 0, checkResponses: true });
  caseId = (await sim.admin.seedCase({ status: 'RUNNING' })).caseId;
});

afterEach(async () => {
  await sim.admin.clearFaults();
});

afterAll(async () => {
  await sim.close();
});

function getCase(
  query = '',
  key: string | null = sim.apiKey,
): Promise<RawResponse> {
  return rawRequest(`${sim.url}/cases/${caseId}${query}`, {
    headers: key === null ? {} : { 'x-api-key': key },
  });
}

function json(response: RawResponse): unknown {
  return JSON.parse(response.body.toString('utf8'));
}

describe('each fault kind on the wire', () => {
  it('gateway-429: a 429 outside the envelope, whatever the key', async () => {
    await sim.admin.addFault({ route: 'getCase', kind: 'gateway-429' });
    for (const key of [sim.apiKey, null]) {
      const response = await getCase('', key);
      expect(response.status).toBe(429);
      expect(response.body.toString()).toBe('{"message":"Too Many Requests"}');
    }
  });

  it('envelope-500: INTERNAL_ERROR in the envelope', async () => {
    await sim.admin.addFault({ route: 'getCase', kind: 'envelope-500' });
    const response = await getCase();
    expect(response.status).toBe(500);
    expect(json(response)).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL_ERROR' },
    });
  });

  it('error: any status and code in the envelope', async () => {
    await sim.admin.addFault({
      route: 'getCase',
      kind: 'error',
      status: 400,
      code: 'INVALID_REQUEST',
      message: 'Case ID is required',
    });
    const response = await getCase();
    expect(response.status).toBe(400);
    const body = json(response);
    expect(body).toEqual({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: 'Case ID is required' },
    });
    expect(responseProblems('GET', '/cases/{id}', 400, body)).toEqual([]);
  });

  it('gateway-500: the platform 500 body', async () => {
    await sim.admin.addFault({ route: 'getCase', kind: 'gateway-500' });
    const response = await getCase();
    expect(response.status).toBe(500);
    expect(json(response)).toEqual({ message: 'Internal Server Error' });
  });

  it('html: a 502 page by default, any status on request', async () => {
    await sim.admin.addFault({ route: 'getCase', kind: 'html', times: 1 });
    await sim.admin.addFault({
      route: 'getCase',
      kind: 'html',
      status: 200,
      times: 1,
    });
    const page = await getCase();
    expect(page.status).toBe(502);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body.toString()).toMatch(/^<!DOCTYPE html>/);
    expect((await getCase()).status).toBe(200);
  });

  it('empty: a status with no body at all', async () => {
    await sim.admin.addFault({ route: 'getCase', kind: 'empty' });
    const response = await getCase();
    expect(response).toMatchObject({ status: 200, bytes: 0, complete: true });
    expect(response.headers['content-length']).toBe('0');
  });

  it('malformed-json: a 200 whose JSON is cut short', async () => {
    await sim.admin.addFault({ route: 'getCase', kind: 'malformed-json' });
    const response = await getCase();
    expect(response.status).toBe(200);
    expect(() => json(response)).toThrow(SyntaxError);
    expect(response.body.toString()).toBe('{"ok":true,"data":{');
  });

  it('reset: the connection drops with no response', async () => {
    await sim.admin.addFault({ route: 'getCase', kind: 'reset' });
    const response = await getCase();
    expect(response.status).toBeUndefined();
    expect(response.error).toMatch(/ECONNRESET|socket hang up/);
  });

  it('truncate: full Content-Length, half the body, then the socket closes', async () => {
    const whole = await getCase();
    await sim.admin.addFault({ route: 'getCase', kind: 'truncate' });
    const cut = await getCase();
    expect(cut.status).toBe(200);
    expect(cut.headers['content-length']).toBe(String(whole.bytes));
    expect(cut.bytes).toBe(Math.floor(whole.bytes / 2));
    expect(cut.complete).toBe(false);
    expect(whole.body.subarray(0, cut.bytes)).toEqual(cut.body);
  });

  it('truncate: afterBytes sets where the body stops', async () => {
    await sim.admin.addFault({
      route: 'getCase',
      kind: 'truncate',
      afterBytes: 7,
    });
    const cut = await getCase();
    expect(cut.body.toString()).toBe('{"ok":t');
    expect(cut.complete).toBe(false);
  });

  it('wrong-field: sets a dotted path, including array items', async () => {
    const seeded = await sim.admin.seedCase({
      status: 'COMPLETED',
      attachments: [{ name: 'a.pdf', size: 10 }],
    });
    await sim.admin.setFaults([
      {
        route: 'getCase',
        kind: 'wrong-field',
        field: 'data.status',
        value: 'PAUSED',
        times: 1,
      },
      {
        route: 'getCase',
        kind: 'wrong-field',
        field: 'data.attachments.0.size',
        value: 'ten',
        times: 1,
      },
      // Without a value the field is removed.
      { route: 'getCase', kind: 'wrong-field', field: 'data.caseId', times: 1 },
    ]);
    const url = `${sim.url}/cases/${seeded.caseId}`;
    const headers = { 'x-api-key': sim.apiKey };
    const status = json(await rawRequest(url, { headers })) as {
      data: { status: string };
    };
    expect(status.data.status).toBe('PAUSED');
    const size = json(await rawRequest(url, { headers })) as {
      data: { attachments: Array<{ size: unknown }> };
    };
    expect(size.data.attachments[0]?.size).toBe('ten');
    const removed = json(await rawRequest(url, { headers }));
    expect(removed).toHaveProperty('ok', true);
    expect(removed).not.toHaveProperty('data.caseId');
    expect(
      responseProblems('GET', '/cases/{id}', 200, removed).join(),
    ).toContain('caseId');
  });

  it('latency: the answer waits, other requests do not', async () => {
    await sim.admin.addFault({
      route: 'getCase',
      kind: 'latency',
      latencyMs: 1_500,
      times: 1,
    });
    let slowDone = false;
    const slow = getCase().then((response) => {
      slowDone = true;
      return response;
    });
    // The rule is used up, so this one is answered at once.
    const fast = await getCase();
    expect(fast.status).toBe(200);
    expect(slowDone).toBe(false);
    const answered = await slow;
    expect(answered.status).toBe(200);
    expect(answered.body).toEqual(fast.body);
  });
});

describe('matching and consumption', () => {
  it('a getCase rule leaves transcript reads alone, and the reverse', async () => {
    await sim.admin.addFault({ route: 'getCase', kind: 'gateway-500' });
    expect((await getCase()).status).toBe(500);
    expect((await getCase('?includeTranscript=true')).status).toBe(200);
    await sim.admin.setFaults([
      { route: 'getTranscript', kind: 'gateway-500' },
    ]);
    expect((await getCase()).status).toBe(200);
    expect((await getCase('?includeTranscript=%20True')).status).toBe(500);
  });

  it('* matches every public route and the file route', async () => {
    const seeded = await sim.admin.seedCase({
      status: 'COMPLETED',
      attachments: [{ size: 10 }],
    });
    const attachmentId = seeded.case.attachments[0]?.attachmentId ?? '';
    const link = dataOf(
      await callApi<{ downloadUrl: string }>(sim, {
        method: 'GET',
        template: '/cases/{id}/attachments/{attachmentId}',
        id: seeded.caseId,
        attachmentId,
      }),
    );
    await sim.admin.addFault({ route: '*', kind: 'gateway-429' });
    const headers = { 'x-api-key': sim.apiKey };
    const statuses = await Promise.all([
      getCase(),
      getCase('?includeTranscript=true'),
      rawRequest(`${sim.url}/cases`, { method: 'POST', headers, body: '{}' }),
      rawRequest(`${sim.url}/cases/${caseId}/attachments/x`, { headers }),
      rawRequest(`${sim.url}/cases/${caseId}/input`, {
        method: 'POST',
        headers,
        body: '{}',
      }),
      rawRequest(link.downloadUrl),
    ]);
    expect(statuses.map((response) => response.status)).toEqual([
      429, 429, 429, 429, 429, 429,
    ]);
  });

  it('the first matching rule wins and times are used up', async () => {
    await sim.admin.setFaults([
      { route: 'getCase', kind: 'gateway-429', times: 2 },
      { route: '*', kind: 'gateway-500', times: 1 },
    ]);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await getCase()).status);
    expect(statuses).toEqual([429, 429, 500, 200]);
    expect((await sim.admin.faults()).faults).toEqual([]);
  });

  it('reports what is left of each rule', async () => {
    await sim.admin.addFault({ route: 'getCase', kind: 'empty', times: 3 });
    await getCase();
    expect((await sim.admin.faults()).faults).toEqual([
      { route: 'getCase', kind: 'empty', times: 2 },
    ]);
  });

  it('records which fault fired in the request log', async () => {
    await sim.admin.clearRequests();
    await sim.admin.addFault({ route: 'getCase', kind: 'reset', times: 1 });
    await getCase();
    await getCase();
    const { requests } = await sim.admin.requests();
    expect(requests).toMatchObject([
      { route: 'getCase', status: null, fault: 'reset', key: 'active' },
      { route: 'getCase', status: 200 },
    ]);
    expect(requests[1]).not.toHaveProperty('fault');
  });

  it('rejects a rule the admin API cannot use', async () => {
    await expect(
      sim.admin.addFault({ route: 'getCase', kind: 'wrong-field' }),
    ).rejects.toThrow(/field/);
    await expect(
      sim.admin.setFaults([{ route: 'nowhere', kind: 'reset' } as never]),
    ).rejects.toThrow(/400/);
  });
});

async function waitingCase() {
  const seeded = await sim.admin.seedCase({
    status: 'INPUT_NEEDED',
    question: 'Which address?',
  });
  const body = JSON.stringify({
    inputRequestId: seeded.case.inputRequest?.id,
    providedContext: 'Billing',
  });
  return { caseId: seeded.caseId, body };
}

function postInput(id: string, body: string) {
  return rawRequest(`${sim.url}/cases/${id}/input`, {
    method: 'POST',
    headers: { 'x-api-key': sim.apiKey, 'content-type': 'application/json' },
    body,
  });
}

async function inputStatus(id: string) {
  const view = await callApi<{ inputRequest: { status: string } }>(sim, {
    method: 'GET',
    template: '/cases/{id}',
    id,
  });
  return dataOf(view).inputRequest.status;
}

describe('faults and answers to input', () => {
  it('a reset comes before the handler: nothing is applied, the POST is logged', async () => {
    const { caseId: id, body } = await waitingCase();
    await sim.admin.addFault({
      route: 'provideInput',
      kind: 'reset',
      times: 1,
    });
    expect((await postInput(id, body)).status).toBeUndefined();
    expect(await inputStatus(id)).toBe('PENDING');
    const logged = (await sim.admin.inputs()).inputs.filter(
      (input) => input.caseId === id,
    );
    expect(logged).toMatchObject([
      { providedContext: 'Billing', status: null },
    ]);
  });

  it('a truncated answer was applied: the request is RESOLVED', async () => {
    const { caseId: id, body } = await waitingCase();
    await sim.admin.addFault({
      route: 'provideInput',
      kind: 'truncate',
      times: 1,
    });
    const cut = await postInput(id, body);
    expect(cut).toMatchObject({ status: 202, complete: false });
    expect(await inputStatus(id)).toBe('RESOLVED');
  });
});

describe('answers without a fault', () => {
  it('all conformed to the OpenAPI file', () => {
    expect(sim.responseProblems()).toEqual([]);
  });
});
