import type {
  CreateCaseRequest,
  ProvideCaseInputRequest,
} from '../../shared/offload/schemas.ts';
import { validateComponent } from '../support/openapi.ts';
import {
  failure,
  success,
  successJson,
  type ApiResponse,
} from './api-response.ts';
import type { SimCase } from './case-record.ts';
import { caseFromCreateRequest } from './case-factory.ts';
import { caseView, caseViewJson } from './case-view.ts';
import type { MatchedRoute } from './route-match.ts';
import type { SimulatorState } from './simulator-state.ts';

// The four public routes of offload-api.md §3. Checks run in one fixed
// order on every route: key, path ids, body, case exists, case belongs to
// the caller, then the route's own rules.

type Parsed = { ok: true; value: unknown } | { ok: false };

function parseJson(body: Buffer | undefined): Parsed {
  try {
    return { ok: true, value: JSON.parse(body?.toString('utf8') ?? '') };
  } catch {
    return { ok: false };
  }
}

const MALFORMED_JSON = failure(400, 'INVALID_REQUEST', 'Malformed JSON body');
const CASE_ID_MISSING = failure(400, 'INVALID_REQUEST', 'Case ID is required');

/** The case if the caller may see it, else the error to answer with. */
function ownedCase(
  state: SimulatorState,
  clientId: string,
  caseId: string,
): SimCase | ApiResponse {
  const record = state.cases.get(caseId);
  if (record === undefined) {
    return failure(404, 'CASE_NOT_FOUND', 'Case not found');
  }
  if (record.clientId !== clientId) {
    return failure(403, 'FORBIDDEN', 'Forbidden');
  }
  return record;
}

function isResponse(value: SimCase | ApiResponse): value is ApiResponse {
  return 'json' in value;
}

export function answerPublicRoute(
  state: SimulatorState,
  match: MatchedRoute,
  apiKey: string | undefined,
  body: Buffer | undefined,
): ApiResponse {
  // Route matching happens in the gateway, before any key is looked at.
  if (match.route === 'unknown') {
    return failure(404, 'NOT_FOUND', 'No such route');
  }
  const key = state.keys.lookup(apiKey);
  if (key === undefined) {
    return failure(401, 'UNAUTHORIZED', 'Missing or invalid API key');
  }
  if (!key.active) return failure(403, 'FORBIDDEN', 'API key is not active');
  switch (match.route) {
    case 'createCase':
      return createCase(state, key.clientId, body);
    case 'getCase':
    case 'getTranscript':
      return getCase(state, key.clientId, match);
    case 'getAttachment':
      return getAttachment(state, key.clientId, match);
    case 'provideInput':
      return provideInput(state, key.clientId, match.caseId, body);
    default:
      return failure(404, 'NOT_FOUND', 'No such route');
  }
}

function createCase(
  state: SimulatorState,
  clientId: string,
  body: Buffer | undefined,
): ApiResponse {
  const parsed = parseJson(body);
  if (!parsed.ok) return MALFORMED_JSON;
  const checked = validateComponent('CreateCaseRequest', parsed.value);
  if (!checked.valid) return failure(400, 'INVALID_REQUEST', checked.error);
  const now = state.clock.now();
  // The cap is checked before anything is stored (offload-api.md §7).
  if (state.usage.isCapReached(clientId, now)) {
    return failure(
      429,
      'USAGE_LIMIT_REACHED',
      'Monthly case limit reached for current plan',
    );
  }
  const record = caseFromCreateRequest(
    parsed.value as CreateCaseRequest,
    clientId,
    now,
    state.random,
  );
  state.cases.set(record.caseId, record);
  state.usage.recordCreated(clientId, now);
  state.worker.start(record);
  return success(201, { caseId: record.caseId });
}

function getCase(
  state: SimulatorState,
  clientId: string,
  match: MatchedRoute,
): ApiResponse {
  if (match.caseId === '') return CASE_ID_MISSING;
  const record = ownedCase(state, clientId, match.caseId);
  if (isResponse(record)) return record;
  if (match.includeTranscript) return success(200, caseView(record, true));
  return successJson(200, caseViewJson(record));
}

function getAttachment(
  state: SimulatorState,
  clientId: string,
  match: MatchedRoute,
): ApiResponse {
  if (match.caseId === '') return CASE_ID_MISSING;
  if (match.attachmentId === '') {
    return failure(400, 'INVALID_REQUEST', 'Attachment ID is required');
  }
  const record = ownedCase(state, clientId, match.caseId);
  if (isResponse(record)) return record;
  const attachment = record.attachments.find(
    (candidate) => candidate.attachmentId === match.attachmentId,
  );
  if (attachment === undefined) {
    return failure(404, 'ATTACHMENT_NOT_FOUND', 'Attachment not found on case');
  }
  const now = state.clock.now();
  const expiresAt = now + state.linkTtlMs;
  const token = state.links.mint(
    state.random,
    { caseId: record.caseId, attachmentId: attachment.attachmentId, expiresAt },
    now,
  );
  return success(200, {
    ...attachment,
    downloadUrl: `${state.baseUrl}/__files/${token}`,
    expiresAt: new Date(expiresAt).toISOString(),
  });
}

function provideInput(
  state: SimulatorState,
  clientId: string,
  caseId: string,
  body: Buffer | undefined,
): ApiResponse {
  if (caseId === '') return CASE_ID_MISSING;
  const parsed = parseJson(body);
  if (!parsed.ok) return MALFORMED_JSON;
  const checked = validateComponent('ProvideCaseInputRequest', parsed.value);
  if (!checked.valid) return failure(400, 'INVALID_REQUEST', checked.error);
  // Both fields are trimmed and must stay non-empty (offload-api.md §3.4).
  const input = parsed.value as ProvideCaseInputRequest;
  const inputRequestId = input.inputRequestId.trim();
  const providedContext = input.providedContext.trim();
  if (inputRequestId === '') {
    return failure(
      400,
      'INVALID_REQUEST',
      'inputRequestId must be a non-empty string',
    );
  }
  if (providedContext === '') {
    return failure(
      400,
      'INVALID_REQUEST',
      'providedContext must be a non-empty string',
    );
  }
  const record = ownedCase(state, clientId, caseId);
  if (isResponse(record)) return record;

  // The three conflicts, in the order the docs list them.
  if (record.status !== 'INPUT_NEEDED') {
    return failure(
      409,
      'CASE_NOT_WAITING_FOR_INPUT',
      'Case is not waiting for input',
    );
  }
  const active = record.inputRequest;
  if (active === null || active.status !== 'PENDING') {
    return failure(
      409,
      'INPUT_REQUEST_NOT_PENDING',
      'Input request is not pending',
    );
  }
  if (active.id !== inputRequestId) {
    return failure(
      409,
      'INPUT_REQUEST_MISMATCH',
      'inputRequestId does not match the active request',
    );
  }
  state.worker.provideInput(record, providedContext);
  return success(202, { caseId, inputRequestId, accepted: true });
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** Logs an input POST with the status it got, whatever its body was. */
export function recordInput(
  state: SimulatorState,
  caseId: string,
  body: Buffer | undefined,
  status: number | null,
): void {
  const parsed = parseJson(body);
  const fields =
    parsed.ok && parsed.value !== null && typeof parsed.value === 'object'
      ? (parsed.value as Record<string, unknown>)
      : {};
  state.inputs.push({
    caseId,
    inputRequestId: text(fields.inputRequestId),
    providedContext: text(fields.providedContext),
    at: state.clock.now(),
    status,
  });
}
