import { describe, expect, it } from 'vitest';
import type { CaseView } from '../../../../shared/offload/schemas.ts';
import {
  caseChanges,
  changedFields,
} from '../../../../electron/core/sync/case-changes.ts';

// Which events a new snapshot brings, and the ids that guard them.

const ID = '4fc5904d-0e44-4ed3-aa57-c4a47ad0ae4f';

function view(overrides: Partial<CaseView> = {}): CaseView {
  return {
    caseId: ID,
    status: 'RUNNING',
    createdAt: 1_000,
    updatedAt: 2_000,
    attemptCount: 1,
    maxAttempts: 3,
    channel: 'EMAIL',
    counterparty: { address: 'ap@northstar.example', name: 'Maya Chen' },
    attachments: [],
    goal: { objective: 'Collect a signed W-9' },
    senderPersona: { name: 'Avery' },
    inputRequest: null,
    ...overrides,
  };
}

const pdf = {
  attachmentId: 'a1',
  name: 'w9.pdf',
  size: 10,
  messageId: '<m@x>',
  inboxId: 'dev-test@agentmail.to',
  receivedAt: 1_500,
};

function pending(id: string, question = 'Which entity?') {
  return { id, question, status: 'PENDING', requestedAt: 2_900 };
}

describe('caseChanges', () => {
  it('announces a case seen the first time without a status change', () => {
    const planned = caseChanges(undefined, view());
    expect(planned.map((item) => item.event.type)).toEqual(['case-changed']);
    expect(planned[0]?.record).toEqual({
      id: `evt_${ID}_case_changed_2000`,
      caseId: ID,
      type: 'case.changed',
      at: 2_000,
      details: { status: 'RUNNING', fields: [], firstSeen: true },
    });
  });

  it.each<[string, Partial<CaseView>, string[]]>([
    [
      'waiting for input',
      { status: 'INPUT_NEEDED', inputRequest: pending('r1') },
      ['case-changed', 'input-needed'],
    ],
    ['completed', { status: 'COMPLETED' }, ['case-changed', 'completed']],
    ['failed', { status: 'FAILED' }, ['case-changed', 'failed']],
    ['with attachments', { attachments: [pdf] }, ['case-changed']],
  ])('on first sight of a case %s announces %j', (_name, overrides, types) => {
    expect(
      caseChanges(undefined, view(overrides)).map((item) => item.event.type),
    ).toEqual(types);
  });

  it('announces nothing when updatedAt did not move', () => {
    expect(caseChanges(view(), view({ attemptCount: 2 }))).toEqual([]);
  });

  it('announces a status change with Offload-style ids', () => {
    const before = view();
    const after = view({
      status: 'INPUT_NEEDED',
      updatedAt: 3_000,
      inputRequest: pending('r1'),
    });
    const planned = caseChanges(before, after);
    expect(planned.map((item) => item.record.id)).toEqual([
      `evt_${ID}_case_changed_3000`,
      `evt_${ID}_case_status_changed_3000`,
      `evt_${ID}_case_input_needed_3000`,
    ]);
    expect(planned[1]?.event).toMatchObject({
      type: 'status-changed',
      from: 'RUNNING',
      to: 'INPUT_NEEDED',
    });
    expect(planned[2]?.event).toMatchObject({
      type: 'input-needed',
      inputRequestId: 'r1',
      question: 'Which entity?',
    });
    expect(planned[0]?.record.details).toMatchObject({
      fields: ['inputRequest', 'status', 'updatedAt'],
      firstSeen: false,
    });
  });

  it('uses the webhook event ids for completed and failed', () => {
    const done = caseChanges(
      view(),
      view({ status: 'COMPLETED', updatedAt: 1_774_303_200_000 }),
    );
    expect(done.at(-1)?.record.id).toBe(
      `evt_${ID}_case_completed_1774303200000`,
    );
    const failed = caseChanges(
      view(),
      view({ status: 'FAILED', updatedAt: 9_000, resultStatus: 'BOUNCED' }),
    );
    expect(failed.at(-1)?.record).toMatchObject({
      id: `evt_${ID}_case_failed_9000`,
      type: 'case.failed',
      details: { resultStatus: 'BOUNCED' },
    });
  });

  it('announces a second question on a case still waiting for input', () => {
    const first = view({ status: 'INPUT_NEEDED', inputRequest: pending('r1') });
    const second = view({
      status: 'INPUT_NEEDED',
      updatedAt: 5_000,
      inputRequest: pending('r2', 'And the address?'),
    });
    expect(caseChanges(first, second).map((item) => item.event.type)).toEqual([
      'case-changed',
      'input-needed',
    ]);
  });

  it('does not announce the same question again after its answer', () => {
    const waiting = view({
      status: 'INPUT_NEEDED',
      inputRequest: pending('r1'),
    });
    const processing = view({
      status: 'INPUT_NEEDED',
      updatedAt: 3_000,
      inputRequest: { ...pending('r1'), status: 'RESOLVED' },
    });
    expect(
      caseChanges(waiting, processing).map((item) => item.event.type),
    ).toEqual(['case-changed']);
  });

  it('announces only the attachments that are new', () => {
    const second = { ...pdf, attachmentId: 'a2', name: undefined, size: 20 };
    const planned = caseChanges(
      view({ attachments: [pdf] }),
      view({ attachments: [pdf, second], updatedAt: 4_000 }),
    );
    const added = planned.find(
      (item) => item.event.type === 'attachments-added',
    );
    expect(added?.event).toMatchObject({ attachments: [second] });
    expect(added?.record).toMatchObject({
      id: `evt_${ID}_case_attachments_added_4000`,
      details: { attachments: [{ attachmentId: 'a2', name: null, size: 20 }] },
    });
  });
});

describe('changedFields', () => {
  it('names the top-level fields that differ, added and removed ones too', () => {
    expect(
      changedFields(
        view({ resultStatus: 'x' }),
        view({ attemptCount: 2, result: { ok: true } }),
      ),
    ).toEqual(['attemptCount', 'result', 'resultStatus']);
    expect(changedFields(undefined, view())).toEqual([]);
  });
});
