import { z } from 'zod';
import {
  CaseGoalInput,
  CounterpartyInput,
  SenderPersonaInput,
  type CaseView,
  type WebhookEvent,
} from '../../shared/offload/schemas.ts';
import type { KeyClass } from './api-keys.ts';
import type { SimCase } from './case-record.ts';
import { isScenarioName, PROVIDER_FAILURES, VERDICTS } from './scenarios.ts';
import { PLAN_CAPS, type UsageState } from './usage-ledger.ts';

// The contract of the admin API under /__sim/: request bodies as zod
// schemas (the server parses with them) and the response shapes (the
// typed client returns them).

// ------------------------------------------------------------------ faults

export const FAULT_ROUTES = [
  'createCase',
  'getCase',
  'getTranscript',
  'getAttachment',
  'provideInput',
  'file',
  '*',
] as const;
export type FaultRoute = (typeof FAULT_ROUTES)[number];

export const FAULT_KINDS = [
  'gateway-429',
  'envelope-500',
  'error',
  'gateway-500',
  'html',
  'empty',
  'latency',
  'reset',
  'truncate',
  'malformed-json',
  'wrong-field',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const FaultRuleSchema = z
  .strictObject({
    route: z.enum(FAULT_ROUTES),
    kind: z.enum(FAULT_KINDS),
    /** How many matching requests it hits; unlimited when absent. */
    times: z.int().min(1).optional(),
    status: z.int().min(100).max(599).optional(),
    latencyMs: z.number().min(0).optional(),
    afterBytes: z.int().min(0).optional(),
    field: z.string().min(1).optional(),
    /** For error: the envelope's error.code (default INTERNAL_ERROR). */
    code: z.string().min(1).optional(),
    /** For error: the envelope's error.message. */
    message: z.string().optional(),
    /** For wrong-field: the new value; absent means delete the field. */
    value: z.unknown().optional(),
  })
  .refine((rule) => rule.kind !== 'wrong-field' || rule.field !== undefined, {
    message: 'wrong-field needs a field',
    path: ['field'],
  })
  .refine((rule) => rule.kind !== 'latency' || rule.latencyMs !== undefined, {
    message: 'latency needs latencyMs',
    path: ['latencyMs'],
  });
export type FaultRule = z.infer<typeof FaultRuleSchema>;

export const FaultListSchema = z.strictObject({
  faults: z.array(FaultRuleSchema),
});

// ------------------------------------------------------------------- cases

const STATUSES = [
  'CREATED',
  'RUNNING',
  'INPUT_NEEDED',
  'COMPLETED',
  'FAILED',
] as const;

const jsonObject = z.record(z.string(), z.unknown());

export const AttachmentSpecSchema = z.strictObject({
  name: z.string().min(1).optional(),
  type: z.string().min(1).optional(),
  size: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
});
export type AttachmentSpecInput = z.infer<typeof AttachmentSpecSchema>;

const scenarioName = z
  .string()
  .refine(isScenarioName, { message: 'unknown scenario' });

export const SeedCaseSchema = z.strictObject({
  /** Key whose client owns the case; the demo key's client by default. */
  ownerKey: z.string().min(1).optional(),
  /** Owning client, instead of ownerKey. */
  clientId: z.string().min(1).optional(),
  caseId: z.string().min(1).optional(),
  status: z.enum(STATUSES).optional(),
  clientReferenceId: z.string().min(1).optional(),
  channel: z.enum(['EMAIL', 'SMS']).optional(),
  goal: CaseGoalInput.optional(),
  counterparty: CounterpartyInput.optional(),
  senderPersona: SenderPersonaInput.optional(),
  constraints: z.array(z.string().min(1)).optional(),
  resultSchema: jsonObject.optional(),
  maxAttempts: z.int().min(1).optional(),
  attemptCount: z.int().min(0).optional(),
  followUpDelayHours: z.int().min(1).optional(),
  createdAt: z.int().min(0).optional(),
  nextActionAt: z.int().min(0).optional(),
  resultStatus: z.string().min(1).optional(),
  result: jsonObject.optional(),
  failureReason: z.string().nullable().optional(),
  /** For INPUT_NEEDED: the question of the PENDING request it creates. */
  question: z.string().min(1).optional(),
  inputRequestStatus: z.enum(['PENDING', 'RESOLVED', 'NONE']).optional(),
  attachments: z.array(AttachmentSpecSchema).optional(),
  messages: z
    .array(z.strictObject({ from: z.enum(['us', 'them']), body: z.string() }))
    .optional(),
  scenario: scenarioName.optional(),
  clientWebhookUrl: z.url().optional(),
  metadata: jsonObject.optional(),
});
export type SeedCaseRequest = z.infer<typeof SeedCaseSchema>;

export const TransitionSchema = z.strictObject({
  to: z.enum(['RUNNING', 'INPUT_NEEDED', 'COMPLETED', 'FAILED']),
  resultStatus: z.string().min(1).optional(),
  result: jsonObject.optional(),
  question: z.string().min(1).optional(),
  failureReason: z.string().nullable().optional(),
  attachments: z.array(AttachmentSpecSchema).optional(),
});
export type TransitionRequest = z.infer<typeof TransitionSchema>;

export const ReplySchema = z.strictObject({
  body: z.string(),
  verdict: z.enum(VERDICTS),
  attachments: z.array(AttachmentSpecSchema).optional(),
  question: z.string().min(1).optional(),
  result: jsonObject.optional(),
  failureReason: z.string().optional(),
});
export type ReplyRequest = z.infer<typeof ReplySchema>;

export const ProviderEventSchema = z.strictObject({
  resultStatus: z.enum(PROVIDER_FAILURES),
  failureReason: z.string().optional(),
});

// ------------------------------------------------------------ other admin

export const AdvanceSchema = z.strictObject({
  ms: z
    .number()
    .int()
    .min(0)
    .max(10 * 365 * 24 * 3_600_000),
});

export const WEBHOOK_MODES = ['normal', 'drop', 'duplicate'] as const;
export type WebhookMode = (typeof WEBHOOK_MODES)[number];
export const WebhookModeSchema = z.strictObject({
  mode: z.enum(WEBHOOK_MODES),
});

export const KeySchema = z.strictObject({
  key: z.string().min(8).optional(),
  active: z.boolean(),
  clientId: z.string().min(1).optional(),
});
export type KeyRequest = z.infer<typeof KeySchema>;

const PLANS = Object.keys(PLAN_CAPS) as [keyof typeof PLAN_CAPS];
export const UsageSchema = z.strictObject({
  clientId: z.string().min(1).optional(),
  plan: z.enum(PLANS).optional(),
  created: z.int().min(0).optional(),
  billableFinished: z.int().min(0).optional(),
});
export type UsageRequest = z.infer<typeof UsageSchema>;

// ---------------------------------------------------------------- answers

export interface SeedCaseResult {
  caseId: string;
  case: CaseView;
}

export interface CaseResult {
  case: CaseView;
}

/** Everything the simulator stores about a case, hidden fields included. */
export type InternalCase = Omit<
  SimCase,
  'billed' | 'timers' | 'version' | 'cachedViewVersion' | 'cachedViewJson'
>;

export interface ClockState {
  now: number;
  timeScale: number;
}

export type RequestRoute = FaultRoute | 'unknown';

export interface RequestLogEntry {
  /** Simulated time the request arrived. */
  at: number;
  method: string;
  path: string;
  route: RequestRoute;
  /** HTTP status sent, or null when the connection was reset. */
  status: number | null;
  key: KeyClass;
  fault?: FaultKind;
}

export interface InputLogEntry {
  caseId: string;
  inputRequestId: string | null;
  providedContext: string | null;
  at: number;
  status: number | null;
}

export interface WebhookDelivery {
  eventId: string;
  eventType: string;
  caseId: string;
  url: string;
  /** Simulated time of the transition that produced the event. */
  at: number;
  /** 1, or 2 for the second copy in duplicate mode. */
  copy: number;
  mode: WebhookMode;
  outcome: 'pending' | 'delivered' | 'http-error' | 'network-error' | 'dropped';
  httpStatus?: number;
  error?: string;
  payload: WebhookEvent;
}

export interface KeyResult {
  key: string;
  clientId: string;
  active: boolean;
}

export type { UsageState };

export interface Sha256Result {
  sha256: string;
  size: number;
}
