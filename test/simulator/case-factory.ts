import { NOTHING_SCHEDULED } from '../../shared/offload/case-rules.ts';
import type { CreateCaseRequest } from '../../shared/offload/schemas.ts';
import type { SeedCaseRequest } from './admin-contract.ts';
import type { SimCase, SimStatus } from './case-record.ts';
import { DEFAULT_QUESTION, resultFor } from './case-worker.ts';
import { firstEmailText } from './outreach-text.ts';
import { chooseScenario, scriptFor } from './scenarios.ts';
import type { SeededRandom } from './seeded-random.ts';
import { personaAddress } from './transcript.ts';

// Builds stored cases: from a validated POST /cases body, or from an
// admin seed request that may put the case in any state with sensible
// defaults for everything it leaves out.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Fields every new record starts with, whatever made it. */
function bookkeeping() {
  return {
    attachments: [],
    messages: [],
    failureReason: null,
    inputRequest: null,
    scriptCursor: 0,
    billed: false,
    timers: { reactions: [] },
    version: 0,
    cachedViewVersion: -1,
    cachedViewJson: '',
  };
}

export function caseFromCreateRequest(
  request: CreateCaseRequest,
  clientId: string,
  now: number,
  random: SeededRandom,
): SimCase {
  const caseId = random.uuid();
  // Scenario choice draws from the same stream, after the id, so a given
  // seed and request order always tells the same stories.
  const scenario = chooseScenario(
    undefined,
    request.counterparty.address,
    'random',
    random,
  );
  return {
    ...bookkeeping(),
    caseId,
    clientId,
    clientReferenceId: request.clientReferenceId,
    status: 'CREATED',
    createdAt: now,
    updatedAt: now,
    nextActionAt: NOTHING_SCHEDULED,
    attemptCount: 0,
    maxAttempts: request.maxAttempts ?? 3,
    followUpDelayHours: request.followUpDelayHours ?? 72,
    channel: request.channel,
    counterparty: request.counterparty,
    goal: request.goal,
    resultSchema: request.resultSchema,
    senderPersona: request.senderPersona,
    constraints: request.constraints,
    clientWebhookUrl: request.clientWebhookUrl,
    metadata: request.metadata,
    scenario,
    script: scriptFor(scenario),
    origin: 'api',
  };
}

function defaultResultStatus(status: SimStatus): string | undefined {
  if (status === 'COMPLETED') return 'goal_achieved';
  if (status === 'FAILED') return 'max_retries';
  return undefined;
}

function defaultAttemptCount(
  status: SimStatus,
  resultStatus: string | undefined,
  maxAttempts: number,
): number {
  if (status === 'CREATED') return 0;
  if (status === 'FAILED' && resultStatus === 'max_retries') {
    return maxAttempts + 1;
  }
  return 1;
}

/**
 * A case in whatever state the seed asks for. Without a scenario (or a
 * plus-tag in the address) the counterparty of a seeded case stays
 * silent, so a seeded case only does what the test makes it do.
 */
export function caseFromSeed(
  seed: SeedCaseRequest,
  clientId: string,
  now: number,
  random: SeededRandom,
): SimCase {
  const status = seed.status ?? 'CREATED';
  const maxAttempts = seed.maxAttempts ?? 3;
  const followUpDelayHours = seed.followUpDelayHours ?? 72;
  const resultStatus = seed.resultStatus ?? defaultResultStatus(status);
  const attemptCount =
    seed.attemptCount ?? defaultAttemptCount(status, resultStatus, maxAttempts);
  const counterparty = seed.counterparty ?? {
    address: 'ap@northstar.example',
    name: 'Maya Chen',
  };
  const scenario = chooseScenario(
    seed.scenario,
    counterparty.address,
    'silent',
    random,
  );
  const record: SimCase = {
    ...bookkeeping(),
    caseId: seed.caseId ?? random.uuid(),
    clientId,
    clientReferenceId: seed.clientReferenceId,
    status,
    createdAt: now,
    updatedAt: now,
    nextActionAt: NOTHING_SCHEDULED,
    attemptCount,
    maxAttempts,
    followUpDelayHours,
    channel: seed.channel ?? 'EMAIL',
    counterparty,
    goal: seed.goal ?? { objective: 'Collect a signed W-9 from the vendor' },
    resultSchema: seed.resultSchema,
    senderPersona: seed.senderPersona ?? { name: 'Avery' },
    constraints: seed.constraints,
    clientWebhookUrl: seed.clientWebhookUrl,
    metadata: seed.metadata,
    resultStatus,
    failureReason: seed.failureReason ?? null,
    scenario,
    script: scriptFor(scenario),
    origin: 'seed',
  };

  // The thread: what the seed says, or the first email once one was sent.
  const messages =
    seed.messages ??
    (attemptCount > 0
      ? [{ from: 'us' as const, body: firstEmailText(record) }]
      : []);
  const createdAt =
    seed.createdAt ??
    (status === 'CREATED' ? now : now - (messages.length + 1) * MINUTE);
  record.createdAt = createdAt;
  record.messages = messages.map((message, index) => {
    const ours = message.from === 'us';
    return {
      direction: ours ? 'outbound' : 'inbound',
      fromName: ours ? record.senderPersona.name : counterparty.name,
      fromAddress: ours
        ? personaAddress(record.senderPersona)
        : counterparty.address,
      at: createdAt + (index + 1) * MINUTE,
      body: message.body,
    };
  });
  record.updatedAt = Math.max(
    createdAt,
    status === 'CREATED' ? createdAt : now,
  );

  if (status === 'RUNNING') {
    record.nextActionAt = seed.nextActionAt ?? now + followUpDelayHours * HOUR;
  } else if (seed.nextActionAt !== undefined) {
    record.nextActionAt = seed.nextActionAt;
  }
  if (status === 'INPUT_NEEDED' || seed.question !== undefined) {
    record.inputRequest = {
      id: random.uuid(),
      question: seed.question ?? DEFAULT_QUESTION,
      status: seed.inputRequestStatus ?? 'PENDING',
      requestedAt: now,
    };
  }
  record.result =
    status === 'COMPLETED' ? resultFor(record, seed.result) : seed.result;
  return record;
}
