import { describe, expect, it } from 'vitest';
import {
  ANSWER_FAST_POLL_WINDOW_MS,
  CASE_ERROR_BACKOFF,
  MIN_RETRY_DELAY_MS,
  THROTTLE_BACKOFF,
  cadenceRule,
  nextPollDelay,
  pollIntervalMs,
  retryDelay,
  withJitter,
  type CadenceInput,
} from '../../../../electron/core/sync/poll-cadence.ts';

// The cadence table, row by row, and the jitter and backoff around it.

const NOW = 1_800_000_000_000;
const settings = { pollIntervalSeconds: 60 };
/** The largest draw random() can make, for the top of a jitter window. */
const top = () => 0.999_999;

function input(overrides: Partial<CadenceInput>): CadenceInput {
  return {
    status: 'RUNNING',
    inputRequestStatus: undefined,
    flag: null,
    answerAt: null,
    now: NOW,
    ...overrides,
  };
}

describe('cadenceRule', () => {
  it.each<[string, Partial<CadenceInput>, string, number | null]>([
    ['a case never fetched', { status: undefined }, 'never-fetched', 0],
    ['CREATED', { status: 'CREATED' }, 'created', 15_000],
    ['RUNNING', { status: 'RUNNING' }, 'running', 60_000],
    [
      'INPUT_NEEDED waiting on a person',
      { status: 'INPUT_NEEDED', inputRequestStatus: 'PENDING' },
      'waiting-on-person',
      300_000,
    ],
    [
      'INPUT_NEEDED + RESOLVED just after the answer',
      {
        status: 'INPUT_NEEDED',
        inputRequestStatus: 'RESOLVED',
        answerAt: NOW - 10_000,
      },
      'answer-processing',
      5_000,
    ],
    [
      'INPUT_NEEDED + RESOLVED long after the answer',
      {
        status: 'INPUT_NEEDED',
        inputRequestStatus: 'RESOLVED',
        answerAt: NOW - ANSWER_FAST_POLL_WINDOW_MS,
      },
      'answer-processing',
      60_000,
    ],
    [
      'RUNNING right after an answer from here',
      { status: 'RUNNING', answerAt: NOW - 1 },
      'answer-processing',
      5_000,
    ],
    [
      'INPUT_NEEDED with no request',
      { status: 'INPUT_NEEDED', inputRequestStatus: undefined },
      'running',
      60_000,
    ],
    ['COMPLETED', { status: 'COMPLETED' }, 'terminal', null],
    ['FAILED', { status: 'FAILED' }, 'terminal', null],
    [
      'FAILED even right after an answer',
      { status: 'FAILED', answerAt: NOW },
      'terminal',
      null,
    ],
    ['a case not found', { flag: 'not-found' }, 'flagged', null],
    ['a forbidden case', { flag: 'forbidden' }, 'flagged', null],
    [
      'a flagged case never fetched',
      { flag: 'forbidden', status: undefined },
      'flagged',
      null,
    ],
    [
      'an unknown future status',
      { status: 'PAUSED' },
      'unknown-status',
      60_000,
    ],
  ])('%s', (_name, overrides, rule, delayMs) => {
    expect(cadenceRule(input(overrides), settings)).toEqual({ rule, delayMs });
  });

  it('uses the configured interval for running cases', () => {
    expect(
      cadenceRule(input({ status: 'RUNNING' }), { pollIntervalSeconds: 300 }),
    ).toEqual({ rule: 'running', delayMs: 300_000 });
  });

  it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses the poll interval %s',
    (seconds) => {
      expect(() => pollIntervalMs({ pollIntervalSeconds: seconds })).toThrow(
        RangeError,
      );
      expect(() =>
        cadenceRule(input({}), { pollIntervalSeconds: seconds }),
      ).toThrow(RangeError);
    },
  );
});

describe('nextPollDelay', () => {
  it('spreads delays by ±10 %', () => {
    const running = input({ status: 'RUNNING' });
    expect(nextPollDelay(running, settings, () => 0)).toBe(54_000);
    expect(nextPollDelay(running, settings, () => 0.5)).toBe(60_000);
    expect(nextPollDelay(running, settings, () => 0.999_999)).toBe(66_000);
  });

  it('does not delay a case never fetched, nor poll an on-demand one', () => {
    expect(nextPollDelay(input({ status: undefined }), settings, () => 1)).toBe(
      0,
    );
    expect(
      nextPollDelay(input({ status: 'COMPLETED' }), settings, () => 0),
    ).toBeNull();
  });
});

describe('withJitter', () => {
  it.each([
    [0, 900],
    [0.25, 950],
    [0.5, 1_000],
    [0.75, 1_050],
  ])('with random %s turns 1000 ms into %s ms', (random, expected) => {
    expect(withJitter(1_000, () => random)).toBe(expected);
  });
});

describe('retryDelay', () => {
  it('grows exponentially up to the cap, with full jitter', () => {
    expect(retryDelay(CASE_ERROR_BACKOFF, 1, top)).toBe(4_999);
    expect(retryDelay(CASE_ERROR_BACKOFF, 2, top)).toBe(9_999);
    expect(retryDelay(CASE_ERROR_BACKOFF, 3, top)).toBe(19_999);
    expect(retryDelay(CASE_ERROR_BACKOFF, 20, top)).toBe(599_999);
    expect(retryDelay(THROTTLE_BACKOFF, 10, top)).toBe(59_999);
  });

  it('never goes below the floor, even when the jitter draws 0', () => {
    expect(retryDelay(CASE_ERROR_BACKOFF, 1, () => 0)).toBe(MIN_RETRY_DELAY_MS);
    expect(retryDelay(THROTTLE_BACKOFF, 0, () => 0)).toBe(MIN_RETRY_DELAY_MS);
  });

  it('draws anywhere in the window', () => {
    expect(retryDelay(CASE_ERROR_BACKOFF, 3, () => 0.5)).toBe(10_000);
  });
});
