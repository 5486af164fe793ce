import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaseAttachment } from '../../../shared/offload/schemas.ts';
import { silentLogger, type Logger } from '../logger.ts';
import { OffloadError } from '../offload-error.ts';
import type { CaseSnapshot, CaseStore } from '../store/case-store-types.ts';
import {
  DEFAULT_RETRY_POLICY,
  downloadWithRetries,
  NoClientError,
  type AttachmentClient,
  type RetryPolicy,
} from './download-attempts.ts';
import { DownloadError, toDownloadError } from './download-error.ts';
import {
  DownloadRequestError,
  FINAL_STATES,
  type DownloadEvent,
  type DownloadJob,
  type DownloadJobError,
  type DownloadListener,
  type DownloadState,
} from './download-job.ts';
import { caseDownloadFolder, pickFileName } from './download-target.ts';
import { partPathFor } from './fetch-to-file.ts';
import { planRecovery, type RecoveredPart } from './part-recovery.ts';

export { autoDownloadOnCompletion } from './auto-download.ts';
export { DownloadRequestError } from './download-job.ts';
export type {
  DownloadEvent,
  DownloadJob,
  DownloadState,
} from './download-job.ts';

// The download queue: attachments of saved cases, at most `concurrency`
// at a time, each streamed to a `.part` and renamed only when whole (see
// fetch-to-file.ts), retried and resumed as download-attempts.ts says.
// Every part is written down in the store before it is created and
// forgotten once renamed or removed, so that recover() at the next start
// finds what a crash left. A downloaded file is never opened.

export interface DownloadManagerOptions {
  store: CaseStore;
  getClient: () => Promise<AttachmentClient | null>;
  /** The download folder (the setting, or the OS downloads folder). */
  folder: () => string;
  /** settings.downloadFolderPerCase. */
  perCaseFolder: () => boolean;
  /** True when the profile's base URL is loopback (simulator, dev). */
  allowLoopbackHttp: () => boolean;
  /** Downloads running at once; default 2. */
  concurrency?: number;
  logger?: Logger;
  /** Epoch milliseconds. */
  now?: () => number;
  /** Tests pass small delays. */
  retry?: { maxAttempts?: number; baseDelayMs?: number };
}

export const DEFAULT_DOWNLOAD_CONCURRENCY = 2;
/** Finished jobs kept for jobs(); older ones are forgotten. */
const FINISHED_JOBS_KEPT = 200;

interface Entry {
  job: DownloadJob;
  /** The folder the file goes to (the case's own when that is on). */
  folder: string;
  controller: AbortController;
  /** A part from an earlier run (recover) to continue. */
  resume: boolean;
  /** The attachment's own (untrusted) name, to pick a name again. */
  name: string | undefined;
}

/** The attachment download queue; see the module comment. */
export class DownloadManager {
  readonly #options: DownloadManagerOptions;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #policy: RetryPolicy;
  readonly #concurrency: number;
  /** Every job known, in the order queued. */
  readonly #entries = new Map<string, Entry>();
  readonly #queue: Entry[] = [];
  readonly #listeners = new Set<DownloadListener>();
  #running = 0;
  #idleWaiters: (() => void)[] = [];
  #closed = false;

  constructor(options: DownloadManagerOptions) {
    const concurrency = options.concurrency ?? DEFAULT_DOWNLOAD_CONCURRENCY;
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(
        `Download concurrency must be a whole number ≥ 1, not ${concurrency}.`,
      );
    }
    this.#options = options;
    this.#concurrency = concurrency;
    this.#log = (options.logger ?? silentLogger).child('downloads');
    this.#now = options.now ?? Date.now;
    this.#policy = {
      ...DEFAULT_RETRY_POLICY,
      ...(options.retry?.maxAttempts === undefined
        ? {}
        : { maxAttempts: options.retry.maxAttempts }),
      ...(options.retry?.baseDelayMs === undefined
        ? {}
        : { baseDelayMs: options.retry.baseDelayMs }),
    };
  }

  /**
   * Queues the case's attachments (all when ids are omitted), as the saved
   * snapshot lists them. An attachment already queued or running is not
   * queued twice: its job is returned. Throws DownloadRequestError,
   * queueing nothing, for a case never fetched or an unknown id.
   */
  enqueue(caseId: string, attachmentIds?: readonly string[]): DownloadJob[] {
    if (this.#closed) {
      throw new DownloadRequestError(
        'closed',
        'The console is quitting; no new download was started.',
      );
    }
    const snapshot = this.#snapshot(caseId);
    if (snapshot === undefined) {
      throw new DownloadRequestError(
        'no-snapshot',
        `Case ${caseId} has not been fetched yet, so its attachments are ` +
          'not known. Refresh the case, then download again.',
      );
    }
    const attachments = pickAttachments(snapshot, attachmentIds);
    const folder = caseDownloadFolder(
      this.#options.folder(),
      this.#options.perCaseFolder(),
      snapshot.view,
    );
    const jobs = attachments.map((attachment) => {
      const existing = this.#activeFor(caseId, attachment.attachmentId);
      if (existing !== undefined) return existing.job;
      const fileName = pickFileName(folder, attachment, this.#reserved());
      return this.#add(
        {
          caseId,
          attachmentId: attachment.attachmentId,
          fileName,
          total: attachment.size,
          bytes: 0,
        },
        folder,
        attachment.name,
        false,
      ).job;
    });
    this.#pump();
    return jobs.map(copy);
  }

  /** Cancels a queued or running job and removes its partial file. */
  cancel(jobId: string): boolean {
    const entry = this.#entries.get(jobId);
    if (entry === undefined || FINAL_STATES.has(entry.job.state)) return false;
    entry.controller.abort();
    const queued = this.#queue.indexOf(entry);
    if (queued >= 0) {
      // Not started: no part exists yet.
      this.#queue.splice(queued, 1);
      this.#finish(entry, 'cancelled');
      this.#checkIdle();
    }
    return true;
  }

  /** Every job of this run still remembered, oldest first (copies). */
  jobs(): DownloadJob[] {
    return [...this.#entries.values()].map((entry) => copy(entry.job));
  }

  /** Subscribes to events; returns the unsubscribe function. */
  on(listener: DownloadListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /**
   * Start-up clean-up: parts left by a crash are resumed (fresh link,
   * Range) when their case and attachment are still known, else removed.
   * Resolves once they are queued, not downloaded.
   */
  async recover(): Promise<{ resumed: number; removed: number }> {
    const active = new Set(
      [...this.#entries.values()]
        .filter((entry) => !FINAL_STATES.has(entry.job.state))
        .map((entry) => partPathFor(destinationOf(entry))),
    );
    const parts = this.#options.store
      .pendingDownloads()
      .filter((part) => !active.has(part.partPath));
    const plans = await planRecovery(parts, {
      attachment: (part) =>
        this.#closed || this.#activeFor(part.caseId, part.attachmentId)
          ? undefined
          : this.#snapshot(part.caseId)?.view.attachments.find(
              (item) => item.attachmentId === part.attachmentId,
            ),
      reserved: () => this.#reserved(),
      store: this.#options.store,
      logger: this.#log,
    });
    let resumed = 0;
    for (const plan of plans.resume) {
      this.#addRecovered(plan);
      resumed += 1;
    }
    this.#pump();
    this.#log.info('start-up clean-up', { resumed, removed: plans.removed });
    return { resumed, removed: plans.removed };
  }

  /** Resolves when nothing is queued or running. */
  idle(): Promise<void> {
    if (this.#queue.length === 0 && this.#running === 0) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /**
   * Graceful quit: refuses new work, cancels what is queued or running
   * (removing the parts) and resolves once every download has stopped.
   */
  async close(): Promise<void> {
    this.#closed = true;
    for (const entry of this.#entries.values()) this.cancel(entry.job.id);
    await this.idle();
  }

  // ------------------------------------------------------------ internals

  #snapshot(caseId: string): CaseSnapshot | undefined {
    try {
      return this.#options.store.snapshot(caseId);
    } catch (error) {
      // Not a case id at all: the same answer as an unknown case.
      this.#log.debug('no snapshot for a download', { error });
      return undefined;
    }
  }

  #activeFor(caseId: string, attachmentId: string): Entry | undefined {
    for (const entry of this.#entries.values()) {
      const { job } = entry;
      if (
        job.caseId === caseId &&
        job.attachmentId === attachmentId &&
        !FINAL_STATES.has(job.state)
      ) {
        return entry;
      }
    }
    return undefined;
  }

  /** Final paths held by jobs not yet finished. */
  #reserved(): Set<string> {
    const paths = new Set<string>();
    for (const entry of this.#entries.values()) {
      if (!FINAL_STATES.has(entry.job.state)) {
        paths.add(destinationOf(entry));
      }
    }
    return paths;
  }

  #add(
    fields: Pick<
      DownloadJob,
      'caseId' | 'attachmentId' | 'fileName' | 'total' | 'bytes'
    >,
    folder: string,
    name: string | undefined,
    resume: boolean,
  ): Entry {
    const entry: Entry = {
      job: {
        id: randomUUID(),
        ...fields,
        state: 'queued',
        bytesPerSecond: 0,
        retries: 0,
        startedAt: this.#now(),
      },
      folder,
      controller: new AbortController(),
      resume,
      name,
    };
    this.#entries.set(entry.job.id, entry);
    this.#queue.push(entry);
    this.#emit({ type: 'download-state', job: copy(entry.job) });
    this.#forgetOldJobs();
    return entry;
  }

  #addRecovered(plan: RecoveredPart): void {
    this.#add(
      {
        caseId: plan.part.caseId,
        attachmentId: plan.part.attachmentId,
        fileName: plan.fileName,
        total: plan.attachment.size,
        bytes: plan.bytesOnDisk,
      },
      plan.folder,
      plan.attachment.name,
      true,
    );
  }

  #pump(): void {
    while (this.#running < this.#concurrency && this.#queue.length > 0) {
      const entry = this.#queue.shift();
      if (entry === undefined) break;
      this.#running += 1;
      void this.#run(entry).finally(() => {
        this.#running -= 1;
        this.#pump();
        this.#checkIdle();
      });
    }
  }

  async #run(entry: Entry): Promise<void> {
    const { job } = entry;
    const signal = entry.controller.signal;
    const store = this.#options.store;
    let partPath: string | undefined;
    let keepPart = false;
    try {
      await prepareFolder(entry.folder);
      if (!entry.resume) {
        // A file may have taken the name since the job was queued.
        const reserved = this.#reserved();
        reserved.delete(destinationOf(entry));
        job.fileName = pickFileName(
          entry.folder,
          { attachmentId: job.attachmentId, name: entry.name },
          reserved,
        );
      }
      const destination = destinationOf(entry);
      partPath = partPathFor(destination);
      store.savePendingDownload({
        caseId: job.caseId,
        attachmentId: job.attachmentId,
        partPath,
        destination,
        expectedSize: job.total,
        startedAt: job.startedAt,
      });
      this.#setState(entry, 'running');

      const result = await downloadWithRetries({
        caseId: job.caseId,
        attachmentId: job.attachmentId,
        destination,
        resume: entry.resume,
        getClient: this.#options.getClient,
        allowLoopbackHttp: this.#options.allowLoopbackHttp(),
        policy: this.#policy,
        signal,
        now: this.#now,
        logger: this.#log,
        onTry: (link) => {
          job.total = link.size;
          if (job.state !== 'running') this.#setState(entry, 'running');
        },
        onProgress: (progress) => {
          job.bytes = progress.bytes;
          job.total = progress.total;
          job.bytesPerSecond = progress.bytesPerSecond;
          this.#emit({ type: 'download-progress', job: copy(job) });
        },
        onRetry: () => {
          job.retries += 1;
          this.#setState(entry, 'retrying');
        },
      });

      job.path = result.path;
      job.sha256 = result.sha256;
      job.bytes = result.size;
      job.total = result.size;
      this.#record(job, result.size);
      this.#finish(entry, 'done');
    } catch (error) {
      // A part someone else was already writing is theirs to keep.
      keepPart = error instanceof DownloadError && error.kind === 'part-exists';
      if (partPath !== undefined && !keepPart) {
        await rm(partPath, { force: true }).catch((cause: unknown) => {
          this.#log.warn('could not remove a partial download', { cause });
        });
      }
      if (signal.aborted) {
        this.#finish(entry, 'cancelled');
      } else {
        job.error = describeFailure(error);
        this.#log.warn('download failed', {
          attachmentId: job.attachmentId,
          kind: job.error.kind,
        });
        this.#finish(entry, 'failed');
      }
    } finally {
      if (partPath !== undefined && !keepPart) {
        try {
          store.dropPendingDownload(partPath);
        } catch (error) {
          // The part is gone; the next start drops the stale row.
          this.#log.warn('could not forget a finished download', { error });
        }
      }
    }
  }

  #record(job: DownloadJob, size: number): void {
    if (job.path === undefined || job.sha256 === undefined) return;
    try {
      this.#options.store.recordDownload({
        caseId: job.caseId,
        attachmentId: job.attachmentId,
        path: job.path,
        size,
        sha256: job.sha256,
        at: this.#now(),
      });
    } catch (error) {
      // The file is whole on disk; only the history line is missing.
      this.#log.warn('could not record a finished download', { error });
    }
  }

  #setState(entry: Entry, state: DownloadState): void {
    if (entry.job.state === state) return;
    entry.job.state = state;
    this.#emit({ type: 'download-state', job: copy(entry.job) });
  }

  #finish(entry: Entry, state: 'done' | 'failed' | 'cancelled'): void {
    entry.job.finishedAt = this.#now();
    entry.job.bytesPerSecond = 0;
    this.#setState(entry, state);
  }

  #emit(event: DownloadEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#log.error('a download listener threw', { error });
      }
    }
  }

  #checkIdle(): void {
    if (this.#queue.length > 0 || this.#running > 0) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  #forgetOldJobs(): void {
    let finished = 0;
    for (const entry of this.#entries.values()) {
      if (FINAL_STATES.has(entry.job.state)) finished += 1;
    }
    for (const [id, entry] of this.#entries) {
      if (finished <= FINISHED_JOBS_KEPT) break;
      if (FINAL_STATES.has(entry.job.state)) {
        this.#entries.delete(id);
        finished -= 1;
      }
    }
  }
}

/** The snapshot's attachments named by `ids` (all when absent). */
function pickAttachments(
  snapshot: CaseSnapshot,
  ids: readonly string[] | undefined,
): CaseAttachment[] {
  const all = snapshot.view.attachments;
  if (ids === undefined) return all;
  const byId = new Map(all.map((item) => [item.attachmentId, item]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    throw new DownloadRequestError(
      'unknown-attachment',
      `Case ${snapshot.caseId} has no attachment ${unknown
        .map((id) => `"${id}"`)
        .join(', ')}. Refresh the case to see its current attachments.`,
    );
  }
  return [...new Set(ids)].flatMap((id) => byId.get(id) ?? []);
}

/** Creates the download folder; failures say what is wrong with it. */
async function prepareFolder(folder: string): Promise<void> {
  try {
    await mkdir(folder, { recursive: true });
  } catch (cause) {
    const error = toDownloadError(cause);
    const code = (cause as NodeJS.ErrnoException).code;
    if (code !== 'ENOTDIR' && code !== 'EEXIST') throw error;
    throw new DownloadError('file-system', {
      message:
        `The download folder ${folder} cannot be created: part of the ` +
        'path is a file, not a folder. Choose another folder.',
      cause,
    });
  }
}

/** The job's error in words, from whatever the download threw. */
function describeFailure(error: unknown): DownloadJobError {
  if (error instanceof DownloadError || error instanceof OffloadError) {
    return { kind: error.kind, message: error.message };
  }
  if (error instanceof NoClientError) {
    return { kind: 'no-key', message: error.message };
  }
  return {
    kind: 'unexpected',
    message:
      'The download stopped on an unexpected error: ' +
      (error instanceof Error ? error.message : String(error)),
  };
}

function destinationOf(entry: Entry): string {
  return join(entry.folder, entry.job.fileName);
}

function copy(job: DownloadJob): DownloadJob {
  return structuredClone(job);
}
