import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import {
  AdvanceSchema,
  FaultListSchema,
  FaultRuleSchema,
  KeySchema,
  ProviderEventSchema,
  ReplySchema,
  SeedCaseSchema,
  TransitionSchema,
  UsageSchema,
  WebhookModeSchema,
  type InternalCase,
} from './admin-contract.ts';
import { DEMO_CLIENT } from './api-keys.ts';
import { expectedSha256 } from './attachment-content.ts';
import { caseFromSeed } from './case-factory.ts';
import type { SimCase } from './case-record.ts';
import { caseView } from './case-view.ts';
import { writeBody } from './response-writer.ts';
import type { SimulatorState } from './simulator-state.ts';

// The admin API under /__sim/, for tests and benchmarks: seed and steer
// cases, move the clock, inject faults, and read what the simulator saw.
// Every call needs the `x-sim-admin-token` header. Answers are plain JSON
// (no Offload envelope); errors are `{ "error": "..." }`.

interface AdminAnswer {
  status: number;
  body: unknown;
}

class AdminError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

type Handler = (
  state: SimulatorState,
  params: string[],
  body: unknown,
  query: URLSearchParams,
) => AdminAnswer | Promise<AdminAnswer>;

const ok = (body: unknown, status = 200): AdminAnswer => ({ status, body });

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.join('.') || 'body';
  throw new AdminError(400, `${where}: ${issue?.message ?? 'invalid'}`);
}

function findCase(state: SimulatorState, caseId: string | undefined) {
  const record = state.cases.get(caseId ?? '');
  if (record === undefined) throw new AdminError(404, 'case not found');
  return record;
}

/** The stored case minus timers and caches, in a readable key order. */
function internalCase(record: SimCase): InternalCase {
  return structuredClone({
    caseId: record.caseId,
    clientId: record.clientId,
    origin: record.origin,
    scenario: record.scenario,
    ...(record.clientReferenceId !== undefined && {
      clientReferenceId: record.clientReferenceId,
    }),
    status: record.status,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    nextActionAt: record.nextActionAt,
    attemptCount: record.attemptCount,
    maxAttempts: record.maxAttempts,
    followUpDelayHours: record.followUpDelayHours,
    channel: record.channel,
    counterparty: record.counterparty,
    goal: record.goal,
    ...(record.resultSchema !== undefined && {
      resultSchema: record.resultSchema,
    }),
    senderPersona: record.senderPersona,
    ...(record.constraints !== undefined && {
      constraints: record.constraints,
    }),
    ...(record.clientWebhookUrl !== undefined && {
      clientWebhookUrl: record.clientWebhookUrl,
    }),
    ...(record.metadata !== undefined && { metadata: record.metadata }),
    attachments: record.attachments,
    ...(record.resultStatus !== undefined && {
      resultStatus: record.resultStatus,
    }),
    ...(record.result !== undefined && { result: record.result }),
    failureReason: record.failureReason,
    inputRequest: record.inputRequest,
    messages: record.messages,
    script: record.script,
    scriptCursor: record.scriptCursor,
  });
}

const seedCase: Handler = (state, _params, body) => {
  const seed = parse(SeedCaseSchema, body);
  let clientId = seed.clientId ?? DEMO_CLIENT;
  if (seed.ownerKey !== undefined) {
    const owner = state.keys.lookup(seed.ownerKey);
    if (owner === undefined) throw new AdminError(400, 'unknown ownerKey');
    clientId = owner.clientId;
  }
  if (seed.caseId !== undefined && state.cases.has(seed.caseId)) {
    throw new AdminError(409, 'a case with this caseId exists');
  }
  const record = caseFromSeed(seed, clientId, state.clock.now(), state.random);
  state.worker.addAttachments(record, seed.attachments ?? []);
  state.cases.set(record.caseId, record);
  state.worker.adoptSeeded(record);
  return ok({ caseId: record.caseId, case: caseView(record, false) }, 201);
};

const transition: Handler = (state, [caseId], body) => {
  const request = parse(TransitionSchema, body);
  const record = findCase(state, caseId);
  state.worker.addAttachments(record, request.attachments ?? []);
  state.worker.forceTransition(record, request.to, request);
  return ok({ case: caseView(record, false) });
};

const reply: Handler = (state, [caseId], body) => {
  const request = parse(ReplySchema, body);
  const record = findCase(state, caseId);
  if (record.status !== 'RUNNING' && record.status !== 'INPUT_NEEDED') {
    throw new AdminError(409, `case is ${record.status}`);
  }
  state.worker.receiveReply(
    record,
    request.body,
    request.attachments ?? [],
    {
      verdict: request.verdict,
      question: request.question,
      result: request.result,
      failureReason: request.failureReason,
    },
    true,
  );
  return ok({ case: caseView(record, false) });
};

const providerEvent: Handler = (state, [caseId], body) => {
  const request = parse(ProviderEventSchema, body);
  const record = findCase(state, caseId);
  state.worker.providerFailure(
    record,
    request.resultStatus,
    request.failureReason ?? `Provider reported ${request.resultStatus}`,
  );
  return ok({ case: caseView(record, false) });
};

const addKey: Handler = (state, _params, body) => {
  const request = parse(KeySchema, body);
  const key = request.key ?? `sim_live_${state.random.hex(16)}`;
  const clientId = request.clientId ?? DEMO_CLIENT;
  state.keys.set(key, { clientId, active: request.active });
  return ok({ key, clientId, active: request.active });
};

const attachmentDigest: Handler = async (state, [caseId, attachmentId]) => {
  const record = findCase(state, caseId);
  const attachment = record.attachments.find(
    (item) => item.attachmentId === attachmentId,
  );
  if (attachment === undefined) {
    throw new AdminError(404, 'attachment not found');
  }
  const sha256 = await expectedSha256({
    seed: state.seed,
    attachmentId: attachment.attachmentId,
    size: attachment.size,
  });
  return ok({ sha256, size: attachment.size });
};

const listCases: Handler = (state) =>
  ok({
    cases: [...state.cases.values()].map((record) => ({
      caseId: record.caseId,
      clientId: record.clientId,
      status: record.status,
      scenario: record.scenario,
      updatedAt: record.updatedAt,
    })),
  });

const readCase: Handler = (state, [caseId]) =>
  ok(internalCase(findCase(state, caseId)));

const readClock: Handler = (state) =>
  ok({ now: state.clock.now(), timeScale: state.clock.timeScale });

const advanceClock: Handler = (state, _params, body) => {
  const { ms } = parse(AdvanceSchema, body);
  return ok({ now: state.clock.advance(ms) });
};

const listFaults: Handler = (state) => ok({ faults: state.faults.list() });

const replaceFaults: Handler = (state, _params, body) => {
  state.faults.replace(parse(FaultListSchema, body).faults);
  return ok({ faults: state.faults.list() });
};

const addFault: Handler = (state, _params, body) => {
  state.faults.add(parse(FaultRuleSchema, body));
  return ok({ faults: state.faults.list() });
};

const clearFaults: Handler = (state) => {
  state.faults.clear();
  return ok({ faults: [] });
};

const listRequests: Handler = (state) =>
  ok({ requests: state.requests.toArray() });

const clearRequests: Handler = (state) => {
  state.requests.clear();
  return ok({ requests: [] });
};

const listInputs: Handler = (state) => ok({ inputs: state.inputs.toArray() });

const clearInputs: Handler = (state) => {
  state.inputs.clear();
  return ok({ inputs: [] });
};

const listWebhooks: Handler = (state) =>
  ok({ mode: state.webhooks.mode, deliveries: state.webhooks.deliveries() });

const setWebhookMode: Handler = (state, _params, body) => {
  state.webhooks.mode = parse(WebhookModeSchema, body).mode;
  return ok({ mode: state.webhooks.mode });
};

const readUsage: Handler = (state, _params, _body, query) => {
  const clientId = query.get('clientId') ?? DEMO_CLIENT;
  return ok(state.usage.state(clientId, state.clock.now()));
};

const setUsage: Handler = (state, _params, body) => {
  const { clientId, ...change } = parse(UsageSchema, body);
  const now = state.clock.now();
  return ok(state.usage.set(clientId ?? DEMO_CLIENT, now, change));
};

const expireLinks: Handler = (state) =>
  ok({ expired: state.links.expireAll(state.clock.now()) });

const listErrors: Handler = (state) => ok({ errors: state.errors.toArray() });

const reset: Handler = (state) => {
  state.reset();
  return ok({ reset: true });
};

interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

/** `path` below /__sim, with `:name` for one path segment. */
function on(method: string, path: string, handler: Handler): Route {
  const source = path.replace(/:[a-zA-Z]+/g, '([^/]+)');
  return { method, pattern: new RegExp(`^/__sim${source}$`), handler };
}

const ROUTES: Route[] = [
  on('GET', '/cases', listCases),
  on('POST', '/cases', seedCase),
  on('GET', '/cases/:id', readCase),
  on('POST', '/cases/:id/transition', transition),
  on('POST', '/cases/:id/reply', reply),
  on('POST', '/cases/:id/provider-event', providerEvent),
  on('GET', '/clock', readClock),
  on('POST', '/clock/advance', advanceClock),
  on('GET', '/faults', listFaults),
  on('PUT', '/faults', replaceFaults),
  on('POST', '/faults', addFault),
  on('DELETE', '/faults', clearFaults),
  on('GET', '/requests', listRequests),
  on('DELETE', '/requests', clearRequests),
  on('GET', '/inputs', listInputs),
  on('DELETE', '/inputs', clearInputs),
  on('GET', '/webhooks', listWebhooks),
  on('PUT', '/webhooks', setWebhookMode),
  on('POST', '/keys', addKey),
  on('GET', '/usage', readUsage),
  on('PUT', '/usage', setUsage),
  on('POST', '/links/expire', expireLinks),
  on('GET', '/attachments/:caseId/:attachmentId/sha256', attachmentDigest),
  on('GET', '/errors', listErrors),
  on('POST', '/reset', reset),
];

function sendAnswer(res: ServerResponse, answer: AdminAnswer): void {
  writeBody(
    res,
    answer.status,
    'application/json',
    JSON.stringify(answer.body),
  );
}

/** Answers one /__sim/ request. */
export async function handleAdmin(
  state: SimulatorState,
  token: string,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  query: string,
  body: Buffer | undefined,
): Promise<void> {
  if (req.headers['x-sim-admin-token'] !== token) {
    sendAnswer(res, { status: 401, body: { error: 'unauthorized' } });
    return;
  }
  const method = req.method ?? 'GET';
  for (const { method: routeMethod, pattern, handler } of ROUTES) {
    if (routeMethod !== method) continue;
    const match = pattern.exec(pathname);
    if (match === null) continue;
    try {
      const params = match.slice(1).map((part) => decodeURIComponent(part));
      let parsed: unknown;
      if (body !== undefined && body.length > 0) {
        try {
          parsed = JSON.parse(body.toString('utf8'));
        } catch {
          throw new AdminError(400, 'malformed JSON body');
        }
      }
      sendAnswer(
        res,
        await handler(state, params, parsed, new URLSearchParams(query)),
      );
    } catch (error) {
      if (!(error instanceof AdminError)) throw error;
      sendAnswer(res, { status: error.status, body: { error: error.message } });
    }
    return;
  }
  sendAnswer(res, { status: 404, body: { error: 'no such admin route' } });
}
