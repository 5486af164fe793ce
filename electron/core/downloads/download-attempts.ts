import type { AttachmentWithUrl } from '../../../shared/offload/schemas.ts';
import { backoffDelay, sleep, type BackoffPolicy } from '../backoff.ts';
import type { Logger } from '../logger.ts';
import type { OffloadClient } from '../offload-client.ts';
import { OffloadError } from '../offload-error.ts';
import { DownloadError, toDownloadError } from './download-error.ts';
import {
  fetchToFile,
  type DownloadProgress,
  type FetchToFileResult,
} from './fetch-to-file.ts';

// One attachment, tried until it arrives or a failure is final. Every try
// asks Offload for a fresh link (links expire and are bearer tokens, so
// none is kept). A link found expired, or refused by the file server with
// 403/410, costs a link refetch; a dropped connection, a 5xx from Offload
// or the file server costs a retry after a jittered backoff. Both are
// bounded, and each try after the first resumes the `.part` with a Range
// request. What is final: an unknown attachment or case, a refused key,
// a size mismatch, the disk, the link policy.

export type AttachmentClient = Pick<OffloadClient, 'getAttachment'>;

export interface RetryPolicy extends BackoffPolicy {
  /** Fresh links asked for after an expired one, at most. */
  maxLinkRefetches: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxLinkRefetches: 5,
};

/** There is no API key for the profile, so no link can be asked for. */
export class NoClientError extends Error {
  override readonly name = 'NoClientError';
  constructor() {
    super(
      'No Offload API key is configured, so no download link can be asked ' +
        'for. Add the key in Settings (or log in with the CLI).',
    );
  }
}

export interface AttemptOptions {
  caseId: string;
  attachmentId: string;
  destination: string;
  /** True when a part of this download may already be on disk. */
  resume: boolean;
  getClient: () => Promise<AttachmentClient | null>;
  allowLoopbackHttp: boolean;
  policy: RetryPolicy;
  signal: AbortSignal;
  /** Epoch milliseconds, to judge a link's expiresAt. */
  now: () => number;
  random?: () => number;
  logger: Logger;
  /** A try starts moving bytes (the link is fresh and accepted). */
  onTry: (link: AttachmentWithUrl) => void;
  onProgress: (progress: DownloadProgress) => void;
  /** A retry or link refetch is about to happen after `error`. */
  onRetry: (error: Error) => void;
}

/**
 * Downloads the attachment to `destination` (see the module comment).
 * Throws a DownloadError, an OffloadError or a NoClientError; a part may
 * be left behind only when the error is a resumable DownloadError, which
 * the caller then removes.
 */
export async function downloadWithRetries(
  options: AttemptOptions,
): Promise<FetchToFileResult> {
  const { policy, signal } = options;
  let resume = options.resume;
  let retries = 0;
  let linkRefetches = 0;

  const retryAfter = async (error: Error) => {
    if (retries + 1 >= policy.maxAttempts) throw error;
    const wait = backoffDelay(policy, retries, options.random);
    retries += 1;
    options.onRetry(error);
    options.logger.info('download retry', {
      attachmentId: options.attachmentId,
      retry: retries,
      waitMs: wait,
      kind: kindOf(error),
    });
    await sleep(wait, signal);
  };
  const refetchAfter = (error: DownloadError) => {
    if (linkRefetches >= policy.maxLinkRefetches) throw error;
    linkRefetches += 1;
    options.onRetry(error);
    options.logger.info('download link expired; asking for a fresh one', {
      attachmentId: options.attachmentId,
      refetch: linkRefetches,
    });
  };

  for (;;) {
    signal.throwIfAborted();
    let link: AttachmentWithUrl;
    try {
      link = await freshLink(options);
    } catch (error) {
      if (error instanceof OffloadError && error.transient) {
        await retryAfter(error);
        continue;
      }
      throw error;
    }

    if (!(Date.parse(link.expiresAt) > options.now())) {
      refetchAfter(
        new DownloadError('expired', {
          message:
            'Every download link Offload gave had already expired by this ' +
            "computer's clock. Check its date and time, then try again.",
        }),
      );
      continue;
    }

    options.onTry(link);
    try {
      return await fetchToFile({
        url: link.downloadUrl,
        destination: options.destination,
        expectedSize: link.size,
        allowLoopbackHttp: options.allowLoopbackHttp,
        signal,
        onProgress: options.onProgress,
        // Resuming from the size cuts nothing: fetchToFile resumes from
        // the part's own length, or starts fresh when there is none.
        ...(resume ? { resumeFrom: link.size } : {}),
      });
    } catch (cause) {
      const error = toDownloadError(cause, signal);
      if (!error.resumable) throw error;
      resume = true;
      if (error.kind === 'expired') refetchAfter(error);
      else await retryAfter(error);
    }
  }
}

/** Asks Offload for a new link; a missing key is a NoClientError. */
async function freshLink(options: AttemptOptions): Promise<AttachmentWithUrl> {
  const client = await options.getClient();
  if (client === null) throw new NoClientError();
  return client.getAttachment(options.caseId, options.attachmentId, {
    signal: options.signal,
  });
}

function kindOf(error: Error): string {
  return error instanceof OffloadError || error instanceof DownloadError
    ? error.kind
    : error.name;
}
