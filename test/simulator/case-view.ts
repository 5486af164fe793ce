import type { WebhookEvent } from '../../shared/offload/schemas.ts';
import { webhookEventId } from '../../shared/offload/case-rules.ts';
import type { SimCase } from './case-record.ts';
import { formatTranscript } from './transcript.ts';

// What the outside world sees of a stored case: the CaseView of
// GET /cases/{id} (offload-api.md §4.1) and the webhook payload (§6).
// Optional fields are left out rather than set to null, and the fields
// the API never returns (metadata, webhook URL, failure reason, follow-up
// delay) never appear here.

/** The CaseView object, key order as in the docs' examples. */
export function caseView(
  record: SimCase,
  includeTranscript: boolean,
): Record<string, unknown> {
  const view: Record<string, unknown> = { caseId: record.caseId };
  if (record.clientReferenceId !== undefined) {
    view.clientReferenceId = record.clientReferenceId;
  }
  view.status = record.status;
  view.createdAt = record.createdAt;
  view.updatedAt = record.updatedAt;
  view.nextActionAt = record.nextActionAt;
  view.attemptCount = record.attemptCount;
  view.maxAttempts = record.maxAttempts;
  view.channel = record.channel;
  view.counterparty = record.counterparty;
  view.attachments = record.attachments;
  if (record.resultStatus !== undefined) {
    view.resultStatus = record.resultStatus;
  }
  if (record.result !== undefined) view.result = record.result;
  view.goal = record.goal;
  if (record.resultSchema !== undefined) {
    view.resultSchema = record.resultSchema;
  }
  view.senderPersona = record.senderPersona;
  if (record.constraints !== undefined) view.constraints = record.constraints;
  view.inputRequest = record.inputRequest && { ...record.inputRequest };
  if (includeTranscript) {
    view.conversationThread = formatTranscript(record.messages);
  }
  return view;
}

/**
 * The serialised view without the transcript, cached per change so that
 * a polling loop costs one string concatenation per request.
 */
export function caseViewJson(record: SimCase): string {
  if (record.cachedViewVersion !== record.version) {
    record.cachedViewJson = JSON.stringify(caseView(record, false));
    record.cachedViewVersion = record.version;
  }
  return record.cachedViewJson;
}

export type WebhookEventType =
  'case.completed' | 'case.failed' | 'case.input_needed';

/** The webhook body for the case's current state. */
export function webhookEvent(
  record: SimCase,
  eventType: WebhookEventType,
): WebhookEvent {
  const data: WebhookEvent['data'] = {
    caseId: record.caseId,
    status: record.status,
    channel: record.channel,
    attemptCount: record.attemptCount,
    attachments: record.attachments.map((attachment) => ({ ...attachment })),
  };
  if (record.clientReferenceId !== undefined) {
    data.clientReferenceId = record.clientReferenceId;
  }
  if (eventType === 'case.input_needed') {
    const request = record.inputRequest;
    data.inputRequest = request?.question ?? null;
    data.inputRequestId = request?.id ?? null;
    data.inputRequestStatus = request?.status ?? null;
    data.inputRequestedAt = request?.requestedAt ?? null;
  } else {
    if (record.resultStatus !== undefined) {
      data.resultStatus = record.resultStatus;
    }
    if (record.result !== undefined) data.result = record.result;
    if (eventType === 'case.failed') data.failureReason = record.failureReason;
  }
  if (record.metadata !== undefined) data.metadata = record.metadata;
  return {
    event_id: webhookEventId(record.caseId, eventType, record.updatedAt),
    event_type: eventType,
    timestamp: record.updatedAt,
    data,
  };
}
