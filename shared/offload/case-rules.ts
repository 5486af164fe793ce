import type { CaseStatus, CaseView } from './schemas.ts';

// Rules about cases that both the main process and the renderer apply, so
// that the two sides never disagree about what a state means.

/** `nextActionAt` value meaning "nothing scheduled" (9999-12-31T23:59:59Z). */
export const NOTHING_SCHEDULED = 253_402_300_799_999;

/** COMPLETED and FAILED are treated as final (offload-api.md §4.2). */
export function isTerminalStatus(status: CaseStatus): boolean {
  return status === 'COMPLETED' || status === 'FAILED';
}

/**
 * When the next scheduled action runs, or null when nothing is scheduled:
 * the sentinel, anything past it, null and a missing field all mean none.
 */
export function scheduledAt(view: Pick<CaseView, 'nextActionAt'>) {
  const at = view.nextActionAt;
  if (at === null || at === undefined || at >= NOTHING_SCHEDULED) return null;
  return at;
}

/** What a person can do about a case's input request right now. */
export type InputState = 'none' | 'answerable' | 'answer-processing';

/**
 * The form is offered only for INPUT_NEEDED with a PENDING request; the
 * transient INPUT_NEEDED + RESOLVED pair means an answer is being processed.
 */
export function inputState(
  view: Pick<CaseView, 'status' | 'inputRequest'>,
): InputState {
  if (view.status !== 'INPUT_NEEDED' || view.inputRequest === null) {
    return 'none';
  }
  if (view.inputRequest.status === 'PENDING') return 'answerable';
  if (view.inputRequest.status === 'RESOLVED') return 'answer-processing';
  return 'none';
}

/** Webhook event type for a status, when Offload sends one for it. */
export function webhookEventTypeFor(status: CaseStatus) {
  switch (status) {
    case 'COMPLETED':
      return 'case.completed' as const;
    case 'FAILED':
      return 'case.failed' as const;
    case 'INPUT_NEEDED':
      return 'case.input_needed' as const;
    default:
      return null;
  }
}

/**
 * Offload's deterministic event id, `evt_{caseId}_{type}_{updatedAt}` with
 * the dots of the type turned into underscores (offload-api.md §6).
 */
export function webhookEventId(
  caseId: string,
  eventType: string,
  updatedAt: number,
): string {
  return `evt_${caseId}_${eventType.replaceAll('.', '_')}_${updatedAt}`;
}
