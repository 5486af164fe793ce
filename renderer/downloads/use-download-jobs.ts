import { useCallback, useEffect, useState } from 'react';
import type { DownloadJob } from '../../shared/download-job.ts';
import { offload, unwrap } from '../api/offload.ts';

// The downloads of one case as the queue reports them: the list once, then
// every `download` event. A job is kept by id, so a late list answer never
// rolls a newer event back.

export interface DownloadJobs {
  jobs: DownloadJob[];
  /** Takes jobs a call returned (e.g. downloads.start) before events do. */
  merge(jobs: readonly DownloadJob[]): void;
  loadError: string | null;
}

interface JobsOfCase {
  caseId: string;
  byId: ReadonlyMap<string, DownloadJob>;
}

/** Later state wins: by progress, then by state change. */
function newer(current: DownloadJob | undefined, next: DownloadJob) {
  if (!current) return true;
  if (current.state === next.state) return next.bytes >= current.bytes;
  const finished = ['done', 'failed', 'cancelled'];
  return !finished.includes(current.state) || finished.includes(next.state);
}

/** Jobs of one case, kept current. */
export function useDownloadJobs(caseId: string): DownloadJobs {
  // Kept with the case it belongs to, so a new case starts empty.
  const [state, setState] = useState<JobsOfCase>(() => ({
    caseId,
    byId: new Map(),
  }));
  const [loadError, setLoadError] = useState<string | null>(null);

  const merge = useCallback(
    (jobs: readonly DownloadJob[]) => {
      setState((previous) => {
        const base =
          previous.caseId === caseId ? previous.byId : new Map<string, never>();
        let next: Map<string, DownloadJob> | null = null;
        for (const job of jobs) {
          if (job.caseId !== caseId) continue;
          if (!newer(base.get(job.id), job)) continue;
          next ??= new Map(base);
          next.set(job.id, job);
        }
        if (next) return { caseId, byId: next };
        return previous.caseId === caseId ? previous : { caseId, byId: base };
      });
    },
    [caseId],
  );

  useEffect(() => {
    let live = true;
    const stop = offload().events.on('download', (event) => {
      if (live) merge([event.job]);
    });
    unwrap(offload().downloads.list()).then(
      (jobs) => {
        if (live) merge(jobs);
      },
      (error: unknown) => {
        if (live) {
          setLoadError(error instanceof Error ? error.message : String(error));
        }
      },
    );
    return () => {
      live = false;
      stop();
    };
  }, [merge]);

  const jobs = state.caseId === caseId ? [...state.byId.values()] : [];
  return { jobs, merge, loadError };
}

/** The most recent job for an attachment, if any. */
export function latestJob(
  jobs: readonly DownloadJob[],
  attachmentId: string,
): DownloadJob | undefined {
  let latest: DownloadJob | undefined;
  for (const job of jobs) {
    if (job.attachmentId !== attachmentId) continue;
    if (!latest || job.startedAt >= latest.startedAt) latest = job;
  }
  return latest;
}

/** Whether a job is still moving bytes or waiting to. */
export function isActive(job: DownloadJob | undefined): boolean {
  return (
    job?.state === 'queued' ||
    job?.state === 'running' ||
    job?.state === 'retrying'
  );
}
