import type { CaseView } from '../../../shared/offload/schemas.ts';
import {
  isTerminalStatus,
  webhookEventId,
} from '../../../shared/offload/case-rules.ts';
import type { TimelineEvent } from '../store/case-store-types.ts';
import type { SyncEvent } from './sync-events.ts';

// Turns "the case looked like this, now it looks like that" into the
// events to announce. Each event carries a timeline record whose id has
// Offload's webhook form, `evt_{caseId}_{type}_{updatedAt}`: for
// completed, failed and input_needed it equals the id of the webhook
// Offload sends for the same transition, so a change seen both by polling
// and by a webhook is recorded, and announced, once.
//
// The first time a case is seen there is no earlier state to compare
// with: it gets `case-changed`, plus `input-needed`, `completed` or
// `failed` when it is in that state (someone should hear about it), but no
// `status-changed` (there is no "from") and no `attachments-added` (all
// of them would count as new).

/** One event to announce, with the timeline record that guards it. */
export interface PlannedEvent {
  record: TimelineEvent;
  event: SyncEvent;
}

/** Timeline types, in Offload's `case.*` style. */
export const TIMELINE_TYPES = {
  changed: 'case.changed',
  statusChanged: 'case.status_changed',
  inputNeeded: 'case.input_needed',
  completed: 'case.completed',
  failed: 'case.failed',
  attachmentsAdded: 'case.attachments_added',
} as const;

/** Top-level fields whose value differs between two snapshots. */
export function changedFields(
  previous: CaseView | undefined,
  next: CaseView,
): string[] {
  if (!previous) return [];
  const keys = new Set([...Object.keys(previous), ...Object.keys(next)]);
  const changed: string[] = [];
  for (const key of keys) {
    const before = JSON.stringify(previous[key as keyof CaseView]);
    const after = JSON.stringify(next[key as keyof CaseView]);
    if (before !== after) changed.push(key);
  }
  return changed.toSorted();
}

function record(
  view: CaseView,
  type: string,
  details: Record<string, unknown>,
): TimelineEvent {
  return {
    id: webhookEventId(view.caseId, type, view.updatedAt),
    caseId: view.caseId,
    type,
    at: view.updatedAt,
    details,
  };
}

/**
 * The events a new snapshot brings. None when `updatedAt` did not move:
 * Offload moves it on every change, so equal times mean the same state.
 */
export function caseChanges(
  previous: CaseView | undefined,
  next: CaseView,
): PlannedEvent[] {
  if (previous && previous.updatedAt === next.updatedAt) return [];
  const caseId = next.caseId;
  const planned: PlannedEvent[] = [
    {
      record: record(next, TIMELINE_TYPES.changed, {
        status: next.status,
        fields: changedFields(previous, next),
        firstSeen: previous === undefined,
      }),
      event: { type: 'case-changed', caseId, view: next, previous },
    },
  ];

  if (previous && previous.status !== next.status) {
    planned.push({
      record: record(next, TIMELINE_TYPES.statusChanged, {
        from: previous.status,
        to: next.status,
      }),
      event: {
        type: 'status-changed',
        caseId,
        from: previous.status,
        to: next.status,
        view: next,
      },
    });
  }

  const request = next.inputRequest;
  const wasWaiting =
    previous?.status === 'INPUT_NEEDED' &&
    previous.inputRequest?.status === 'PENDING' &&
    previous.inputRequest.id === request?.id;
  if (
    next.status === 'INPUT_NEEDED' &&
    request?.status === 'PENDING' &&
    !wasWaiting
  ) {
    planned.push({
      record: record(next, TIMELINE_TYPES.inputNeeded, {
        inputRequestId: request.id,
        question: request.question,
      }),
      event: {
        type: 'input-needed',
        caseId,
        inputRequestId: request.id,
        question: request.question,
        view: next,
      },
    });
  }

  if (isTerminalStatus(next.status) && previous?.status !== next.status) {
    const completed = next.status === 'COMPLETED';
    planned.push({
      record: record(
        next,
        completed ? TIMELINE_TYPES.completed : TIMELINE_TYPES.failed,
        { resultStatus: next.resultStatus ?? null },
      ),
      event: completed
        ? { type: 'completed', caseId, view: next }
        : { type: 'failed', caseId, view: next },
    });
  }

  if (previous) {
    const known = new Set(previous.attachments.map((a) => a.attachmentId));
    const added = next.attachments.filter((a) => !known.has(a.attachmentId));
    if (added.length > 0) {
      planned.push({
        record: record(next, TIMELINE_TYPES.attachmentsAdded, {
          attachments: added.map((a) => ({
            attachmentId: a.attachmentId,
            name: a.name ?? null,
            size: a.size,
          })),
        }),
        event: {
          type: 'attachments-added',
          caseId,
          attachments: added,
          view: next,
        },
      });
    }
  }
  return planned;
}
