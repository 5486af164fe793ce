import type {
  DownloadEvent,
  DownloadJob,
  DownloadState,
} from '../../../shared/download-job.ts';

// The download queue's vocabulary beyond the shapes shared with the
// window (shared/download-job.ts): which states are final, the listener
// type, and the error for a download that cannot even be queued.

export type {
  DownloadEvent,
  DownloadJob,
  DownloadState,
} from '../../../shared/download-job.ts';

export type DownloadJobError = NonNullable<DownloadJob['error']>;
export type DownloadListener = (event: DownloadEvent) => void;

/** States a job never leaves. */
export const FINAL_STATES: ReadonlySet<DownloadState> = new Set([
  'done',
  'failed',
  'cancelled',
]);

export type DownloadRequestProblem =
  'no-snapshot' | 'unknown-attachment' | 'closed';

/**
 * A download that cannot even be queued: the case was never fetched, it
 * has no attachment with the id given, or the app is quitting. Nothing
 * was queued when this is thrown.
 */
export class DownloadRequestError extends Error {
  override readonly name = 'DownloadRequestError';
  readonly problem: DownloadRequestProblem;

  constructor(problem: DownloadRequestProblem, message: string) {
    super(message);
    this.problem = problem;
  }
}
