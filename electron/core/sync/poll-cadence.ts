import type { CaseStatus } from '../../../shared/offload/schemas.ts';
import { isTerminalStatus } from '../../../shared/offload/case-rules.ts';
import { backoffDelay } from '../backoff.ts';
import type { BackoffPolicy } from '../backoff.ts';
import type { AccessFlag } from '../store/case-store-types.ts';

// How often each watched case is read. There is no list endpoint and no
// webhook a desktop can receive, so polling is the source of truth; the
// cadence spends requests where a change is likely or someone is waiting.
// The table is in cadenceRule's doc comment (the README copies it).

export interface CadenceSettings {
  /** Poll interval for running cases, in seconds. */
  pollIntervalSeconds: number;
}

export const DEFAULT_POLL_INTERVAL_SECONDS = 60;
export const CREATED_DELAY_MS = 15_000;
export const WAITING_ON_PERSON_DELAY_MS = 5 * 60_000;
export const ANSWER_PROCESSING_DELAY_MS = 5_000;
/** How long after an answer the fast 5-second polling lasts. */
export const ANSWER_FAST_POLL_WINDOW_MS = 2 * 60_000;
export const JITTER_FRACTION = 0.1;

/** Per-case retries after a server error or an unreadable answer. */
export const CASE_ERROR_BACKOFF: BackoffPolicy = {
  maxAttempts: Number.POSITIVE_INFINITY,
  baseDelayMs: 5_000,
  maxDelayMs: 10 * 60_000,
};
/** Global pause after a 429, growing while 429s keep coming. */
export const THROTTLE_BACKOFF: BackoffPolicy = {
  maxAttempts: Number.POSITIVE_INFINITY,
  baseDelayMs: 2_000,
  maxDelayMs: 60_000,
};
/** Between probes while offline. */
export const OFFLINE_PROBE_BACKOFF: BackoffPolicy = {
  maxAttempts: Number.POSITIVE_INFINITY,
  baseDelayMs: 5_000,
  maxDelayMs: 60_000,
};
/** Full jitter may draw 0; a floor keeps a failing case off a hot loop. */
export const MIN_RETRY_DELAY_MS = 1_000;

/** Which row of the cadence table applied. */
export type CadenceRule =
  | 'never-fetched'
  | 'created'
  | 'running'
  | 'waiting-on-person'
  | 'answer-processing'
  | 'terminal'
  | 'flagged'
  | 'unknown-status';

export interface CadenceInput {
  /** Status of the saved snapshot; undefined when never fetched. */
  status: CaseStatus | undefined;
  /** `inputRequest.status` of the saved snapshot, when there is one. */
  inputRequestStatus: string | undefined;
  flag: AccessFlag | null;
  /**
   * When an answer was sent from here, or the processing state was first
   * seen (local clock); null when neither.
   */
  answerAt: number | null;
  now: number;
}

/** When to read a case next: after `delayMs`, or (null) only when asked. */
export interface PollPlan {
  rule: CadenceRule;
  delayMs: number | null;
}

/** Spreads a delay by ±10 %; `random` gives [0, 1). */
export function withJitter(ms: number, random: () => number): number {
  return Math.round(
    ms * (1 - JITTER_FRACTION + 2 * JITTER_FRACTION * random()),
  );
}

/** The interval for running cases, checked. */
export function pollIntervalMs(settings: CadenceSettings): number {
  const seconds = settings.pollIntervalSeconds;
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new RangeError(
      `The poll interval must be a positive number of seconds, not ${seconds}.`,
    );
  }
  return seconds * 1000;
}

/**
 * When to read a case next, before jitter:
 *
 * | Case state                        | Next read                          |
 * | --------------------------------- | ---------------------------------- |
 * | never fetched                     | now                                |
 * | `CREATED`                         | 15 s                               |
 * | `RUNNING`                         | poll interval (default 60 s)       |
 * | `INPUT_NEEDED`, request `PENDING` | 5 min (it waits on a person)       |
 * | answer just sent, or `RESOLVED`   | 5 s for 2 min, then poll interval  |
 * | `COMPLETED`, `FAILED`             | one final read with transcript,    |
 * |                                   | then only on demand                |
 * | flagged not-found or forbidden    | only on demand                     |
 * | any other (future) status         | poll interval                      |
 * | after a 5xx or bad response       | 5 s × 2ⁿ, full jitter, 1 s–10 min  |
 *
 * Every delay but "now" gets ±10 % jitter (nextPollDelay), so cases added
 * together do not stay in step. "Answer just sent" is an answer from this
 * workstation, or the first sight of `INPUT_NEEDED` with its request
 * `RESOLVED` (Offload is processing someone's answer). A 429 pauses every
 * request instead (THROTTLE_BACKOFF); a success resets the error backoff.
 */
export function cadenceRule(
  input: CadenceInput,
  settings: CadenceSettings,
): PollPlan {
  const interval = pollIntervalMs(settings);
  if (input.flag !== null) return { rule: 'flagged', delayMs: null };
  if (input.status === undefined) return { rule: 'never-fetched', delayMs: 0 };
  if (isTerminalStatus(input.status)) {
    return { rule: 'terminal', delayMs: null };
  }
  const answered =
    input.answerAt !== null &&
    input.now - input.answerAt < ANSWER_FAST_POLL_WINDOW_MS;
  if (answered) {
    return { rule: 'answer-processing', delayMs: ANSWER_PROCESSING_DELAY_MS };
  }
  switch (input.status) {
    case 'CREATED':
      return { rule: 'created', delayMs: CREATED_DELAY_MS };
    case 'RUNNING':
      return { rule: 'running', delayMs: interval };
    case 'INPUT_NEEDED':
      if (input.inputRequestStatus === 'PENDING') {
        return {
          rule: 'waiting-on-person',
          delayMs: WAITING_ON_PERSON_DELAY_MS,
        };
      }
      // Processing for longer than the fast window: back to the interval.
      return {
        rule:
          input.inputRequestStatus === 'RESOLVED'
            ? 'answer-processing'
            : 'running',
        delayMs: interval,
      };
    default:
      return { rule: 'unknown-status', delayMs: interval };
  }
}

/** The next poll delay for a case, jittered; null means on demand only. */
export function nextPollDelay(
  input: CadenceInput,
  settings: CadenceSettings,
  random: () => number = Math.random,
): number | null {
  const { delayMs } = cadenceRule(input, settings);
  if (delayMs === null || delayMs === 0) return delayMs;
  return withJitter(delayMs, random);
}

/**
 * Exponential backoff with full jitter and a floor; `failures` counts the
 * consecutive failures so far (1 after the first).
 */
export function retryDelay(
  policy: BackoffPolicy,
  failures: number,
  random: () => number = Math.random,
): number {
  return Math.max(
    MIN_RETRY_DELAY_MS,
    backoffDelay(policy, Math.max(0, failures - 1), random),
  );
}
