// A download as the queue reports it and the window shows it: plain data,
// so it crosses IPC unchanged. Sizes are bytes, times epoch milliseconds.

export type DownloadState =
  'queued' | 'running' | 'retrying' | 'done' | 'failed' | 'cancelled';

export interface DownloadJob {
  /** Unique for the life of the queue. */
  id: string;
  caseId: string;
  attachmentId: string;
  /** The safe file name the download is saved under. */
  fileName: string;
  state: DownloadState;
  bytes: number;
  total: number;
  bytesPerSecond: number;
  /** Where the file was saved, once done. */
  path?: string | undefined;
  /** Lowercase hex SHA-256 of the saved file, once done. */
  sha256?: string | undefined;
  /** Why the download failed, in words a person can act on. */
  error?: { kind: string; message: string } | undefined;
  /** Fresh links fetched and network retries so far. */
  retries: number;
  startedAt: number;
  finishedAt?: number | undefined;
}

export type DownloadEvent =
  /** Bytes moved; at most about ten a second per download. */
  | { type: 'download-progress'; job: DownloadJob }
  /** The download's state changed. */
  | { type: 'download-state'; job: DownloadJob };
