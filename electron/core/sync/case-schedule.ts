import type { CaseView } from '../../../shared/offload/schemas.ts';
import type {
  AccessFlag,
  CaseStore,
  WatchedCase,
} from '../store/case-store-types.ts';
import {
  CASE_ERROR_BACKOFF,
  nextPollDelay,
  retryDelay,
  type CadenceSettings,
} from './poll-cadence.ts';
import { needsTranscript } from './transcript-policy.ts';

// What the poll engine remembers about each case between reads: when to
// read it next, when to fetch its transcript, how many times in a row it
// failed. Kept in memory only; after a restart it is rebuilt from the
// store (restoreSchedule), so nothing here needs to be saved.

export interface CaseSchedule {
  status: CaseView['status'] | undefined;
  inputRequestStatus: string | undefined;
  flag: AccessFlag | null;
  /** Local time of the next plain read; null = only on demand. */
  nextPollAt: number | null;
  /** Local time of the next transcript fetch; null = none wanted. */
  transcriptDueAt: number | null;
  failures: number;
  transcriptFailures: number;
  /** When an answer went out from here or processing was first seen. */
  answerAt: number | null;
}

/** A case nothing is known about yet: read it now. */
export function freshSchedule(now: number): CaseSchedule {
  return {
    status: undefined,
    inputRequestStatus: undefined,
    flag: null,
    nextPollAt: now,
    transcriptDueAt: null,
    failures: 0,
    transcriptFailures: 0,
    answerAt: null,
  };
}

/** Sets the next read from the cadence table, counted from `at`. */
export function reschedule(
  schedule: CaseSchedule,
  at: number,
  settings: CadenceSettings,
  random: () => number,
): void {
  const delay = nextPollDelay(
    {
      status: schedule.status,
      inputRequestStatus: schedule.inputRequestStatus,
      flag: schedule.flag,
      answerAt: schedule.answerAt,
      now: at,
    },
    settings,
    random,
  );
  schedule.nextPollAt = delay === null ? null : at + delay;
}

/**
 * A case's schedule rebuilt from the store, as after a restart: the next
 * read counts from when the snapshot was fetched, and a transcript that
 * is missing or failed is due (after its backoff).
 */
export function restoreSchedule(
  store: CaseStore,
  entry: WatchedCase,
  now: number,
  settings: CadenceSettings,
  random: () => number,
): CaseSchedule {
  const schedule = freshSchedule(now);
  schedule.flag = entry.flag;
  const snapshot = store.snapshot(entry.caseId);
  if (!snapshot) return schedule;
  schedule.status = snapshot.view.status;
  schedule.inputRequestStatus = snapshot.view.inputRequest?.status;
  if (entry.flag !== null) {
    schedule.nextPollAt = null;
    return schedule;
  }
  reschedule(schedule, snapshot.fetchedAt, settings, random);
  const syncState = store.syncState(entry.caseId);
  const wanted = needsTranscript({
    view: snapshot.view,
    previous: undefined,
    transcript: store.transcript(entry.caseId),
    syncState,
  });
  if (wanted) {
    const failedAt = syncState.transcriptError?.at;
    schedule.transcriptDueAt =
      failedAt === undefined
        ? now
        : failedAt + retryDelay(CASE_ERROR_BACKOFF, 1, random);
  }
  return schedule;
}
