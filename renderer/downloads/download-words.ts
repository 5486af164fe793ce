import type { DownloadJob } from '../../shared/download-job.ts';
import { formatBytes, formatRate } from '../format/bytes.ts';

// A download's progress and trouble in words, next to its progress bar.

/** Whole percent done, or null while the size is unknown. */
export function percentDone(job: DownloadJob): number | null {
  if (job.total <= 0) return null;
  return Math.min(100, Math.floor((job.bytes / job.total) * 100));
}

/** "45% · 1.2 MB of 2.6 MB · 300 KB/s". */
export function progressWords(job: DownloadJob): string {
  const percent = percentDone(job);
  const parts = [
    percent === null ? null : `${percent}%`,
    job.total > 0
      ? `${formatBytes(job.bytes)} of ${formatBytes(job.total)}`
      : formatBytes(job.bytes),
    job.bytesPerSecond > 0 ? formatRate(job.bytesPerSecond) : null,
  ];
  return parts.filter((part) => part !== null).join(' · ');
}

function retriesWords(retries: number): string {
  return `${retries} ${retries === 1 ? 'retry' : 'retries'}`;
}

/** What the queue is doing or why it stopped, in words. */
export function jobStateWords(job: DownloadJob): string {
  const reason = job.error?.message;
  switch (job.state) {
    case 'queued':
      return 'Waiting to start…';
    case 'running':
      return job.retries > 0
        ? `Downloading (${retriesWords(job.retries)} so far)`
        : 'Downloading';
    case 'retrying':
      return (
        `Retrying${reason ? `: ${reason}` : '…'}` +
        ` (${retriesWords(job.retries)} so far)`
      );
    case 'failed':
      return (
        `Download failed: ${reason ?? 'no reason was given.'}` +
        (job.retries > 0 ? ` (gave up after ${retriesWords(job.retries)})` : '')
      );
    case 'cancelled':
      return 'Download cancelled.';
    case 'done':
      return 'Downloaded';
  }
}
