import { createHash, type Hash } from 'node:crypto';
import {
  link,
  lstat,
  open,
  rename,
  rm,
  type FileHandle,
} from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  DownloadError,
  kindForFileStatus,
  toDownloadError,
} from './download-error.ts';
import { getFile, READ_BUFFER_BYTES } from './file-request.ts';
import type { FileResponse } from './file-request.ts';
import { checkDownloadUrl } from './download-url-policy.ts';
import { PartWriter } from './part-writer.ts';

// Streams one file from a download link to disk. The bytes go to
// `<destination>.part`, are hashed on the way, and only a complete file of
// the announced size is moved to `destination`, so a final name always
// holds a whole file or nothing. Memory stays flat: the body goes through
// a fixed pool of write buffers, and the socket pauses when all are busy.

const MAX_REDIRECTS = 5;
const PROGRESS_INTERVAL_MS = 100;
// Two buffers wait for the disk while a third fills: the body in memory
// never exceeds 6 MiB, and writes are few and large.
const WRITE_BUFFERS = 3;
const WRITE_BUFFER_BYTES = 2 * 1024 * 1024;
// Flushing along the way keeps the final sync of a large file short.
const SYNC_EVERY_BYTES = 64 * 1024 * 1024;
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([
  301, 302, 303, 307, 308,
]);

export interface DownloadProgress {
  /** Bytes of the file on disk so far, including a resumed part. */
  bytes: number;
  total: number;
  /** Average rate of this transfer so far. */
  bytesPerSecond: number;
}

export interface FetchToFileOptions {
  url: string;
  /** The final path; the download writes `<destination>.part` first. */
  destination: string;
  /** The attachment's `size`; any other byte count is an error. */
  expectedSize: number;
  /** True when the profile's base URL is loopback (simulator, dev). */
  allowLoopbackHttp: boolean;
  signal?: AbortSignal;
  /** Called at most about ten times a second, and once at the end. */
  onProgress?: (progress: DownloadProgress) => void;
  /**
   * Resume from this many bytes of an existing `.part` (a larger part is
   * cut back to it, a smaller one resumes from its own size). Absent: a
   * fresh download, and an existing `.part` is an error ('part-exists').
   */
  resumeFrom?: number;
  /** Milliseconds clock for progress pacing; injectable for tests. */
  now?: () => number;
}

export interface FetchToFileResult {
  path: string;
  size: number;
  /** Lowercase hex SHA-256 of the whole file. */
  sha256: string;
}

/** The `.part` path used while `destination` is being downloaded. */
export function partPathFor(destination: string): string {
  return `${destination}.part`;
}

/**
 * Downloads `url` to `destination` (see the module comment). Throws a
 * DownloadError; unless it is `resumable` no `.part` is left behind, and
 * in no case is anything left under `destination`.
 */
export async function fetchToFile(
  options: FetchToFileOptions,
): Promise<FetchToFileResult> {
  const url = checkDownloadUrl(options.url, options.allowLoopbackHttp);
  const partPath = partPathFor(options.destination);
  // Only a part this call opened may be removed: after 'part-exists' it
  // may belong to another download.
  let ownsPart = false;
  let handle: FileHandle | undefined;
  try {
    options.signal?.throwIfAborted();
    const part = await openPart(partPath, options.resumeFrom);
    ownsPart = true;
    handle = part.handle;
    const result = await download(url, part.handle, part.offset, options);
    await part.handle.sync();
    await part.handle.close();
    handle = undefined;
    await moveIntoPlace(partPath, options.destination);
    return { path: options.destination, ...result };
  } catch (cause) {
    const error = toDownloadError(cause, options.signal);
    await handle?.close().catch(() => undefined);
    if (ownsPart && !error.resumable) {
      await rm(partPath, { force: true }).catch(() => undefined);
    }
    throw error;
  }
}

interface OpenPart {
  handle: FileHandle;
  offset: number;
}

/** Opens the part: exclusively when fresh, else cut to the resume point. */
async function openPart(
  partPath: string,
  resumeFrom: number | undefined,
): Promise<OpenPart> {
  if (resumeFrom === undefined) {
    return { handle: await openExclusive(partPath), offset: 0 };
  }
  let handle: FileHandle;
  try {
    handle = await open(partPath, 'r+');
  } catch (cause) {
    if (errnoCode(cause) !== 'ENOENT') throw cause;
    return { handle: await openExclusive(partPath), offset: 0 };
  }
  try {
    const { size } = await handle.stat();
    const offset = Math.max(0, Math.min(resumeFrom, size));
    await handle.truncate(offset);
    return { handle, offset };
  } catch (cause) {
    await handle.close();
    throw cause;
  }
}

async function openExclusive(partPath: string): Promise<FileHandle> {
  try {
    return await open(partPath, 'wx');
  } catch (cause) {
    if (errnoCode(cause) === 'EEXIST') {
      throw new DownloadError('part-exists', { cause });
    }
    throw cause;
  }
}

/** Requests the body (from `offset` when resuming) and writes it. */
async function download(
  url: URL,
  handle: FileHandle,
  startOffset: number,
  options: FetchToFileOptions,
): Promise<{ size: number; sha256: string }> {
  const { expectedSize } = options;
  let offset = startOffset;
  if (offset > expectedSize) {
    throw new DownloadError('size-mismatch');
  }
  const hash = createHash('sha256');
  if (offset > 0) await hashExisting(handle, offset, hash);
  if (offset === expectedSize) {
    // Everything arrived before a crash or cut: nothing left to fetch.
    return { size: offset, sha256: hash.digest('hex') };
  }

  const response = await request(url, offset, options);
  let hashing = hash;
  try {
    if (offset > 0 && response.status === 200) {
      // The server ignored the range: start over from byte 0.
      await handle.truncate(0);
      offset = 0;
      hashing = createHash('sha256');
    } else if (offset > 0) {
      checkContentRange(response, offset, expectedSize);
    }
    checkContentLength(response, expectedSize - offset);
  } catch (error) {
    response.discard(error);
    throw error;
  }

  const counter = new ProgressCounter(
    offset,
    expectedSize,
    options.onProgress,
    options.now ?? (() => performance.now()),
  );
  const writer = new PartWriter(handle, offset, {
    buffers: WRITE_BUFFERS,
    bufferBytes: WRITE_BUFFER_BYTES,
    maxPushBytes: READ_BUFFER_BYTES,
    syncEveryBytes: SYNC_EVERY_BYTES,
    onFull: () => response.pause(),
    onRoom: () => response.resume(),
    onError: (error) => response.discard(error),
  });
  let received = offset;
  try {
    // The bytes are a view of the socket's read buffer: hashed here and
    // copied into the writer before the next read reuses it.
    await response.readBody((bytes) => {
      received += bytes.length;
      if (received > expectedSize) throw new DownloadError('size-mismatch');
      hashing.update(bytes);
      writer.push(bytes);
      counter.add(bytes.length);
    });
    await writer.finish();
  } catch (error) {
    // Keep every byte received before a cut, so a resume needs fewer;
    // never leave a write running on a handle the caller will close.
    await writer.abandon();
    throw error;
  }
  if (received !== expectedSize) throw new DownloadError('size-mismatch');
  counter.finish();
  return { size: received, sha256: hashing.digest('hex') };
}

/** Feeds the bytes already in the part into the hash. */
async function hashExisting(
  handle: FileHandle,
  length: number,
  hash: Hash,
): Promise<void> {
  const stream = handle.createReadStream({
    start: 0,
    end: length - 1,
    autoClose: false,
  });
  for await (const chunk of stream) hash.update(chunk as Buffer);
}

/**
 * GETs the URL, following at most five redirects and only to https.
 * Resolves with a 200 or 206 answer; other statuses become errors.
 */
async function request(
  start: URL,
  offset: number,
  options: FetchToFileOptions,
): Promise<FileResponse> {
  const headers: Record<string, string> = {
    // Compressed bodies would break the byte count against `size`.
    'accept-encoding': 'identity',
  };
  if (offset > 0) headers.range = `bytes=${offset}-`;
  let url = start;
  for (let hop = 0; ; hop += 1) {
    const response = await getFile(url, headers, options.signal);
    if (response.status === 200 || response.status === 206) return response;
    response.discard();

    if (REDIRECT_STATUSES.has(response.status)) {
      const location = response.header('location');
      if (location === null || hop >= MAX_REDIRECTS) {
        throw new DownloadError('http', {
          status: response.status,
          message: 'The file server redirected too often or to nowhere.',
        });
      }
      url = checkRedirect(location, url);
      continue;
    }
    throw new DownloadError(kindForFileStatus(response.status), {
      status: response.status,
    });
  }
}

/** Redirects are followed to https only, even from a loopback link. */
function checkRedirect(location: string, from: URL): URL {
  let target: URL;
  try {
    target = new URL(location, from);
  } catch (cause) {
    throw new DownloadError('insecure-url', { cause });
  }
  return checkDownloadUrl(target.href, false);
}

function checkContentRange(
  response: FileResponse,
  offset: number,
  expectedSize: number,
): void {
  const header = response.header('content-range') ?? '';
  const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header.trim());
  if (match === null || Number(match[1]) !== offset) {
    throw new DownloadError('http', {
      status: response.status,
      message: 'The file server answered a different byte range.',
    });
  }
  if (match[3] !== '*' && Number(match[3]) !== expectedSize) {
    throw new DownloadError('size-mismatch');
  }
}

function checkContentLength(response: FileResponse, remaining: number): void {
  const header = response.header('content-length');
  if (header !== null && Number(header) !== remaining) {
    throw new DownloadError('size-mismatch');
  }
}

/**
 * Moves the finished part to its final name without ever replacing a
 * file: a hard link fails if the name is taken, then the part goes. File
 * systems without hard links (FAT, exFAT, some network shares) get a
 * rename after checking the name is free, which leaves a tiny race.
 */
async function moveIntoPlace(
  partPath: string,
  destination: string,
): Promise<void> {
  try {
    await link(partPath, destination);
    await rm(partPath, { force: true });
  } catch (cause) {
    const code = errnoCode(cause);
    if (code === 'EEXIST') {
      throw new DownloadError('destination-exists', { cause });
    }
    if (code === undefined || !NO_HARD_LINK_CODES.has(code)) throw cause;
    if (await exists(destination)) {
      throw new DownloadError('destination-exists');
    }
    await rename(partPath, destination);
  }
  await syncDirectory(dirname(destination));
}

const NO_HARD_LINK_CODES: ReadonlySet<string> = new Set([
  'EPERM',
  'ENOTSUP',
  'EOPNOTSUPP',
  'ENOSYS',
  'EMLINK',
]);

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (cause) {
    if (errnoCode(cause) === 'ENOENT') return false;
    throw cause;
  }
}

/**
 * Makes the new directory entry durable. Best effort: Windows and some
 * file systems cannot fsync a directory, and the file itself is synced.
 */
async function syncDirectory(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const directory = await open(folder, 'r');
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
  } catch {
    // The data is already on disk; only the rename's durability is at
    // stake, which the next start-up clean-up covers.
  }
}

/** Paces progress callbacks to about ten a second. */
class ProgressCounter {
  #bytes: number;
  readonly #startBytes: number;
  readonly #total: number;
  readonly #onProgress: ((progress: DownloadProgress) => void) | undefined;
  readonly #now: () => number;
  readonly #startedAt: number;
  #lastReportAt = -Infinity;

  constructor(
    bytes: number,
    total: number,
    onProgress: ((progress: DownloadProgress) => void) | undefined,
    now: () => number,
  ) {
    this.#bytes = bytes;
    this.#startBytes = bytes;
    this.#total = total;
    this.#onProgress = onProgress;
    this.#now = now;
    this.#startedAt = now();
  }

  add(count: number): void {
    this.#bytes += count;
    if (this.#onProgress === undefined) return;
    const at = this.#now();
    if (at - this.#lastReportAt < PROGRESS_INTERVAL_MS) return;
    this.#report(at);
  }

  finish(): void {
    if (this.#onProgress !== undefined) this.#report(this.#now());
  }

  #report(at: number): void {
    this.#lastReportAt = at;
    const seconds = (at - this.#startedAt) / 1000;
    const moved = this.#bytes - this.#startBytes;
    this.#onProgress?.({
      bytes: this.#bytes,
      total: this.#total,
      bytesPerSecond: seconds > 0 ? moved / seconds : 0,
    });
  }
}

function errnoCode(cause: unknown): string | undefined {
  if (typeof cause !== 'object' || cause === null) return undefined;
  const code = (cause as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
