// The one error type a download throws. Callers (the queue, the UI) branch
// on `kind` and `resumable`, never on messages or errno codes. Messages
// say what happened and what to do; they never hold a URL, since download
// links are bearer tokens.

export const DOWNLOAD_ERROR_KINDS = [
  'expired',
  'network',
  'size-mismatch',
  'disk-full',
  'no-permission',
  'cancelled',
  'http',
  'insecure-url',
  'part-exists',
  'destination-exists',
  'file-system',
] as const;
export type DownloadErrorKind = (typeof DOWNLOAD_ERROR_KINDS)[number];

const DEFAULT_MESSAGES: Record<DownloadErrorKind, string> = {
  expired: 'The download link has expired; a fresh one is needed.',
  network: 'The download was interrupted by a network problem.',
  'size-mismatch':
    'The file received does not have the size Offload announced; it was ' +
    'discarded.',
  'disk-full': 'The disk is full. Free some space and try again.',
  'no-permission':
    'The console may not write to the download folder. Choose another ' +
    'folder or change its permissions.',
  cancelled: 'The download was cancelled.',
  http: 'The file server refused the download.',
  'insecure-url':
    'The download link is not secure (https), so it was not followed.',
  'part-exists':
    'A partial download of this file is already in the folder; another ' +
    'download may be writing it.',
  'destination-exists':
    'A file with this name appeared in the folder during the download; ' +
    'it was left untouched.',
  'file-system': 'The file could not be written to the download folder.',
};

/** Kinds after which the `.part` file is kept so a retry can resume. */
const RESUMABLE_KINDS: ReadonlySet<DownloadErrorKind> = new Set([
  'expired',
  'network',
]);

export interface DownloadErrorOptions {
  message?: string;
  /** The HTTP status of the file server's answer, when there was one. */
  status?: number;
  cause?: unknown;
}

/** A failed download; `resumable` means the `.part` file was kept. */
export class DownloadError extends Error {
  readonly kind: DownloadErrorKind;
  readonly status: number | undefined;
  readonly resumable: boolean;

  constructor(kind: DownloadErrorKind, options: DownloadErrorOptions = {}) {
    super(options.message ?? DEFAULT_MESSAGES[kind], {
      cause: options.cause,
    });
    this.name = 'DownloadError';
    this.kind = kind;
    this.status = options.status;
    this.resumable =
      RESUMABLE_KINDS.has(kind) ||
      (kind === 'http' &&
        options.status !== undefined &&
        isRetryable(options.status));
  }
}

/** 429 and 5xx from the file server are worth retrying with the part. */
function isRetryable(status: number): boolean {
  return status === 429 || status >= 500;
}

/** The kind for a file server's non-success status. */
export function kindForFileStatus(status: number): DownloadErrorKind {
  // Signed links answer 403 once expired; 410 is the other common choice.
  if (status === 403 || status === 410) return 'expired';
  return 'http';
}

/**
 * Wraps whatever a download step threw into a DownloadError: errno codes
 * from the file system, network failures from fetch, and aborts.
 */
export function toDownloadError(
  cause: unknown,
  signal?: AbortSignal,
): DownloadError {
  if (cause instanceof DownloadError) return cause;
  if (signal?.aborted === true || isAbort(cause)) {
    return new DownloadError('cancelled', { cause });
  }
  const code = errnoCode(cause);
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new DownloadError('disk-full', { cause });
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new DownloadError('no-permission', { cause });
  }
  if (code === undefined || isNetworkCode(code)) {
    return new DownloadError('network', { cause });
  }
  return new DownloadError('file-system', { cause });
}

// Socket-level codes; fetch's own failures carry no code at the top level
// (a TypeError whose cause has it), file-system errors always do.
const NETWORK_CODES: ReadonlySet<string> = new Set([
  // The response body ended before its last byte: the connection dropped.
  'ERR_STREAM_PREMATURE_CLOSE',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
]);

function isNetworkCode(code: string): boolean {
  return NETWORK_CODES.has(code) || code.startsWith('UND_ERR');
}

function isAbort(cause: unknown): boolean {
  return (
    cause instanceof Error &&
    (cause.name === 'AbortError' || cause.name === 'TimeoutError')
  );
}

function errnoCode(cause: unknown): string | undefined {
  if (typeof cause !== 'object' || cause === null) return undefined;
  const code = (cause as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
