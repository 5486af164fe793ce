import { z } from 'zod';

// Runtime schemas for every shape in the Offload API (offload-api.md §3-§6)
// and the types inferred from them. Requests are strict, as the OpenAPI
// file is: we build them, so an unknown field is our bug. Responses are
// parsed leniently where the docs call a set open (statuses, resultStatus,
// nextActionAt) and ignore unknown keys, so a new server field never takes
// the console down; a field we rely on that is missing or mistyped is an
// error that names the field.

/** An enum whose known values are typed but which also admits new ones. */
function openEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.union([z.enum(values), z.string()]);
}

const epochMs = z.int().nonnegative();
const nonEmpty = z.string().min(1);

export const CASE_STATUSES = [
  'CREATED',
  'RUNNING',
  'INPUT_NEEDED',
  'COMPLETED',
  'FAILED',
] as const;
export const KnownCaseStatus = z.enum(CASE_STATUSES);
export type KnownCaseStatus = z.infer<typeof KnownCaseStatus>;
/** A case status; values beyond the five documented ones are kept as-is. */
export const CaseStatus = openEnum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatus>;

export const Channel = z.enum(['EMAIL', 'SMS']);
export type Channel = z.infer<typeof Channel>;

export const INPUT_REQUEST_STATUSES = ['PENDING', 'RESOLVED', 'NONE'] as const;
export const InputRequestStatus = openEnum(INPUT_REQUEST_STATUSES);
export type InputRequestStatus = z.infer<typeof InputRequestStatus>;

/** Known `resultStatus` values; the set is open (offload-api.md §4.4). */
export const KNOWN_RESULT_STATUSES = [
  'goal_achieved',
  'max_retries',
  'failed_rejected',
  'BOUNCED',
  'COMPLAINED',
  'REJECTED',
] as const;
export const ResultStatus = openEnum(KNOWN_RESULT_STATUSES);
export type ResultStatus = z.infer<typeof ResultStatus>;

const jsonObject = z.record(z.string(), z.unknown());

// ---------------------------------------------------------------- requests

export const CaseGoalInput = z.strictObject({
  objective: nonEmpty,
  knowledge: z.union([z.string(), jsonObject]).optional(),
});

export const CounterpartyInput = z.strictObject({
  address: nonEmpty,
  name: nonEmpty,
  company: z.string().optional(),
  timezone: z.string().optional(),
  customData: z.record(z.string(), z.string()).optional(),
});

export const SenderPersonaInput = z.strictObject({
  name: nonEmpty,
  role: z.string().optional(),
  company: z.string().optional(),
  tone: z.string().optional(),
});

/** Body of `POST /cases` (OpenAPI `CreateCaseRequest`). */
export const CreateCaseRequest = z.strictObject({
  channel: Channel,
  goal: CaseGoalInput,
  counterparty: CounterpartyInput,
  senderPersona: SenderPersonaInput,
  clientReferenceId: nonEmpty.optional(),
  constraints: z.array(nonEmpty).optional(),
  maxAttempts: z.int().min(1).optional(),
  followUpDelayHours: z.int().min(1).optional(),
  resultSchema: jsonObject.optional(),
  clientWebhookUrl: z.url().optional(),
  metadata: jsonObject.optional(),
});
export type CreateCaseRequest = z.infer<typeof CreateCaseRequest>;

const trimmedNonEmpty = z
  .string()
  .refine((value) => value.trim().length > 0, 'must not be blank');

/** Body of `POST /cases/{id}/input` (both fields are trimmed server-side). */
export const ProvideCaseInputRequest = z.strictObject({
  inputRequestId: trimmedNonEmpty,
  providedContext: trimmedNonEmpty,
});
export type ProvideCaseInputRequest = z.infer<typeof ProvideCaseInputRequest>;

// --------------------------------------------------------------- responses

export const CaseGoal = z.object({
  objective: z.string(),
  knowledge: z.union([z.string(), jsonObject]).optional(),
});
export type CaseGoal = z.infer<typeof CaseGoal>;

export const Counterparty = z.object({
  address: z.string(),
  name: z.string(),
  company: z.string().optional(),
  timezone: z.string().optional(),
  customData: z.record(z.string(), z.string()).optional(),
});
export type Counterparty = z.infer<typeof Counterparty>;

export const SenderPersona = z.object({
  name: z.string(),
  role: z.string().optional(),
  company: z.string().optional(),
  tone: z.string().optional(),
});
export type SenderPersona = z.infer<typeof SenderPersona>;

/** Inbound attachment metadata; `name` and `type` may be missing. */
export const CaseAttachment = z.object({
  attachmentId: nonEmpty,
  name: z.string().optional(),
  size: z.int().nonnegative(),
  type: z.string().optional(),
  messageId: z.string(),
  inboxId: z.string(),
  receivedAt: epochMs,
});
export type CaseAttachment = z.infer<typeof CaseAttachment>;

/** The active or recently resolved input request on a case. */
export const CaseInputRequest = z.object({
  id: nonEmpty,
  question: z.string(),
  status: InputRequestStatus,
  requestedAt: epochMs.nullable(),
});
export type CaseInputRequest = z.infer<typeof CaseInputRequest>;

/** `data` of `GET /cases/{id}` (OpenAPI `GetCaseResponseData`). */
export const CaseView = z.object({
  caseId: nonEmpty,
  clientReferenceId: z.string().optional(),
  status: CaseStatus,
  createdAt: epochMs,
  updatedAt: epochMs,
  // The sentinel 253402300799999 means "nothing scheduled"; null and a
  // missing field are allowed too (offload-api.md §8.7).
  nextActionAt: epochMs.nullable().optional(),
  attemptCount: z.int().nonnegative(),
  maxAttempts: z.int().nonnegative(),
  channel: openEnum(['EMAIL', 'SMS']),
  counterparty: Counterparty,
  attachments: z.array(CaseAttachment),
  resultStatus: ResultStatus.optional(),
  result: jsonObject.optional(),
  goal: CaseGoal,
  resultSchema: jsonObject.optional(),
  senderPersona: SenderPersona,
  constraints: z.array(z.string()).optional(),
  inputRequest: CaseInputRequest.nullable(),
  // Present only when the transcript was asked for; null before a thread.
  conversationThread: z.string().nullable().optional(),
});
export type CaseView = z.infer<typeof CaseView>;

/** `data` of `GET /cases/{id}/attachments/{attachmentId}`. */
export const AttachmentWithUrl = CaseAttachment.extend({
  downloadUrl: z.url(),
  expiresAt: z.iso.datetime({ offset: true }),
});
export type AttachmentWithUrl = z.infer<typeof AttachmentWithUrl>;

export const CreateCaseResult = z.object({ caseId: nonEmpty });
export type CreateCaseResult = z.infer<typeof CreateCaseResult>;

export const ProvideCaseInputResult = z.object({
  caseId: z.string(),
  inputRequestId: z.string(),
  accepted: z.literal(true),
});
export type ProvideCaseInputResult = z.infer<typeof ProvideCaseInputResult>;

/** The success envelope `{ ok: true, data }` around a given data schema. */
export function successEnvelope<T extends z.ZodType>(data: T) {
  return z.object({ ok: z.literal(true), data });
}

export const ErrorBody = z.object({ code: z.string(), message: z.string() });
export type ErrorBody = z.infer<typeof ErrorBody>;

/** The error envelope `{ ok: false, error: { code, message } }`. */
export const ErrorEnvelope = z.object({
  ok: z.literal(false),
  error: ErrorBody,
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;

/** Every `error.code` the docs name (offload-api.md §7). */
export const ERROR_CODES = [
  'INVALID_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'CASE_NOT_FOUND',
  'ATTACHMENT_NOT_FOUND',
  'CASE_NOT_WAITING_FOR_INPUT',
  'INPUT_REQUEST_NOT_PENDING',
  'INPUT_REQUEST_MISMATCH',
  'USAGE_LIMIT_REACHED',
  'INTERNAL_ERROR',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

// ---------------------------------------------------------------- webhooks

export const WEBHOOK_EVENT_TYPES = [
  'case.completed',
  'case.failed',
  'case.input_needed',
] as const;

/** `data` of a webhook event (OpenAPI `ClientWebhookEventData`). */
export const WebhookEventData = z.object({
  caseId: nonEmpty,
  clientReferenceId: z.string().optional(),
  status: CaseStatus,
  channel: openEnum(['EMAIL', 'SMS']),
  attemptCount: z.int().nonnegative(),
  attachments: z.array(CaseAttachment),
  result: jsonObject.optional(),
  metadata: jsonObject.optional(),
  resultStatus: ResultStatus.optional(),
  failureReason: z.string().nullable().optional(),
  inputRequest: z.string().nullable().optional(),
  inputRequestId: z.string().nullable().optional(),
  inputRequestStatus: z.string().nullable().optional(),
  inputRequestedAt: epochMs.nullable().optional(),
});
export type WebhookEventData = z.infer<typeof WebhookEventData>;

/** What Offload POSTs to `clientWebhookUrl` (single attempt, unsigned). */
export const WebhookEvent = z.object({
  event_id: nonEmpty,
  event_type: openEnum(WEBHOOK_EVENT_TYPES),
  timestamp: epochMs,
  data: WebhookEventData,
});
export type WebhookEvent = z.infer<typeof WebhookEvent>;
