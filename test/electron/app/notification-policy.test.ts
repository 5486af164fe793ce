import { describe, expect, it } from 'vitest';
import type { CaseView } from '../../../shared/offload/schemas.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/settings.ts';
import type { SyncEvent } from '../../../shared/sync-data.ts';
import { noticeFor } from '../../../electron/app/notification-policy.ts';

// Which poll events become OS notifications, under which settings.

const VIEW: CaseView = {
  caseId: 'case_1',
  status: 'COMPLETED',
  createdAt: 1,
  updatedAt: 2,
  attemptCount: 1,
  maxAttempts: 3,
  channel: 'EMAIL',
  counterparty: { name: 'Acme Billing', address: 'billing@acme.example' },
  attachments: [],
  goal: { objective: 'Get the signed contract back' },
  senderPersona: { name: 'Avery Stone' },
  inputRequest: null,
  resultStatus: 'goal_achieved',
};

const EVENTS: Record<string, SyncEvent> = {
  inputNeeded: {
    type: 'input-needed',
    caseId: 'case_1',
    inputRequestId: 'ir_1',
    question: 'Which\n  invoice?',
    view: { ...VIEW, status: 'INPUT_NEEDED' },
  },
  completed: { type: 'completed', caseId: 'case_1', view: VIEW },
  failed: {
    type: 'failed',
    caseId: 'case_1',
    view: { ...VIEW, status: 'FAILED', resultStatus: 'failed_rejected' },
  },
};

function settings(patch: Partial<Settings['notifications']> = {}) {
  return {
    notifications: { ...DEFAULT_SETTINGS.notifications, ...patch },
  };
}

describe('noticeFor', () => {
  it('announces a question with its text on one line', () => {
    expect(noticeFor(EVENTS.inputNeeded!, settings())).toEqual({
      title: 'Acme Billing case needs your input',
      body: 'Which invoice?',
      caseId: 'case_1',
    });
  });

  it('announces a completion and a failure with the objective', () => {
    expect(noticeFor(EVENTS.completed!, settings())).toEqual({
      title: 'Acme Billing case completed',
      body: 'Get the signed contract back',
      caseId: 'case_1',
    });
    expect(noticeFor(EVENTS.failed!, settings())?.body).toBe(
      'failed rejected: Get the signed contract back',
    );
  });

  it.each([
    ['inputNeeded', 'inputNeeded'],
    ['completed', 'completed'],
    ['failed', 'failed'],
  ] as const)('stays quiet for %s when that setting is off', (event, field) => {
    expect(noticeFor(EVENTS[event]!, settings({ [field]: false }))).toBeNull();
  });

  it('stays quiet for a case already finished when first seen', () => {
    const firstSeen = { firstSeen: true };
    expect(noticeFor(EVENTS.completed!, settings(), firstSeen)).toBeNull();
    expect(noticeFor(EVENTS.failed!, settings(), firstSeen)).toBeNull();
    expect(
      noticeFor(EVENTS.inputNeeded!, settings(), firstSeen),
    ).not.toBeNull();
  });

  it.each<SyncEvent>([
    { type: 'case-changed', caseId: 'case_1', view: VIEW, previous: undefined },
    {
      type: 'status-changed',
      caseId: 'case_1',
      from: 'RUNNING',
      to: 'COMPLETED',
      view: VIEW,
    },
    {
      type: 'attachments-added',
      caseId: 'case_1',
      attachments: [],
      view: VIEW,
    },
    { type: 'transcript-updated', caseId: 'case_1', caseUpdatedAt: 2 },
    { type: 'case-flagged', caseId: 'case_1', flag: 'not-found' },
    { type: 'sync-state', state: { connection: 'online', lastSyncAt: 1 } },
  ])('never notifies for $type', (event) => {
    expect(noticeFor(event, settings())).toBeNull();
  });

  it('cuts long names and questions short', () => {
    const long = noticeFor(
      {
        ...EVENTS.inputNeeded!,
        question: 'q'.repeat(1_000),
        view: {
          ...VIEW,
          counterparty: { name: 'n'.repeat(500), address: 'a@b.example' },
        },
      } as SyncEvent,
      settings(),
    );
    expect(long?.body.length).toBe(180);
    expect(long?.body.endsWith('…')).toBe(true);
    expect(long?.title.length).toBeLessThan(100);
  });
});
