import { describe, expect, it } from 'vitest';
import {
  NOTHING_SCHEDULED,
  inputState,
  isTerminalStatus,
  scheduledAt,
  webhookEventId,
  webhookEventTypeFor,
} from '../../../shared/offload/case-rules.ts';

describe('scheduledAt', () => {
  it('returns a real schedule as is', () => {
    expect(scheduledAt({ nextActionAt: 1774390260000 })).toBe(1774390260000);
  });

  it.each([
    ['the sentinel', NOTHING_SCHEDULED],
    ['a value past the sentinel', NOTHING_SCHEDULED + 1],
    ['null', null],
    ['a missing field', undefined],
  ])('reads %s as nothing scheduled', (_what, nextActionAt) => {
    expect(scheduledAt({ nextActionAt })).toBeNull();
  });
});

describe('isTerminalStatus', () => {
  it.each([
    ['COMPLETED', true],
    ['FAILED', true],
    ['RUNNING', false],
    ['INPUT_NEEDED', false],
    ['CREATED', false],
    ['SOMETHING_NEW', false],
  ])('%s is terminal: %s', (status, terminal) => {
    expect(isTerminalStatus(status)).toBe(terminal);
  });
});

function request(status: string) {
  return { id: 'r1', question: 'Is a PDF fine?', status, requestedAt: 1 };
}

describe('inputState', () => {
  it('offers the form only for INPUT_NEEDED with a PENDING request', () => {
    expect(
      inputState({ status: 'INPUT_NEEDED', inputRequest: request('PENDING') }),
    ).toBe('answerable');
    expect(
      inputState({ status: 'RUNNING', inputRequest: request('PENDING') }),
    ).toBe('none');
  });

  it('reads INPUT_NEEDED with a RESOLVED request as processing', () => {
    expect(
      inputState({ status: 'INPUT_NEEDED', inputRequest: request('RESOLVED') }),
    ).toBe('answer-processing');
  });

  it('offers nothing for NONE or a missing request', () => {
    expect(
      inputState({ status: 'INPUT_NEEDED', inputRequest: request('NONE') }),
    ).toBe('none');
    expect(inputState({ status: 'INPUT_NEEDED', inputRequest: null })).toBe(
      'none',
    );
  });
});

describe('webhook events', () => {
  it('exist only for the three documented transitions', () => {
    expect(webhookEventTypeFor('COMPLETED')).toBe('case.completed');
    expect(webhookEventTypeFor('FAILED')).toBe('case.failed');
    expect(webhookEventTypeFor('INPUT_NEEDED')).toBe('case.input_needed');
    expect(webhookEventTypeFor('RUNNING')).toBeNull();
  });

  it('build the id in the documented layout', () => {
    expect(
      webhookEventId(
        '4fc5904d-0e44-4ed3-aa57-c4a47ad0ae4f',
        'case.completed',
        1774131900000,
      ),
    ).toBe(
      'evt_4fc5904d-0e44-4ed3-aa57-c4a47ad0ae4f_case_completed_1774131900000',
    );
  });
});
