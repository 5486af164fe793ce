import type { FileHandle } from 'node:fs/promises';

// Writes a body to the part file through a small pool of large buffers.
// Incoming bytes are copied into the buffer being filled; a full buffer
// is written at its file position while the next one fills. Writes run
// one at a time, in order, so the file is always a contiguous prefix of
// the body. When every buffer is waiting to be written the source is
// told to pause, and to resume once one is free: memory is the pool,
// whatever the file size.

export interface PartWriterOptions {
  /** Buffers in the pool; at least 2. */
  buffers: number;
  bufferBytes: number;
  /**
   * The most `push` is given at once (the socket's read buffer). A buffer
   * with less room than this is written early, so that a push never
   * spills into a next buffer that a pause was meant to spare.
   */
  maxPushBytes: number;
  /**
   * Starts a background datasync after this many written bytes, so the
   * disk works while the body still arrives and the final sync is short.
   */
  syncEveryBytes: number;
  /** Called when no buffer is free: stop feeding `push`. */
  onFull: () => void;
  /** Called when a buffer is free again after `onFull`. */
  onRoom: () => void;
  /** Called once, with the first failed write. */
  onError: (error: unknown) => void;
}

export class PartWriter {
  readonly #handle: FileHandle;
  readonly #options: PartWriterOptions;
  readonly #pool = new Set<Buffer>();
  readonly #free: Buffer[] = [];
  #current: Buffer | undefined;
  #fill = 0;
  #position: number;
  #writing: Promise<void> = Promise.resolve();
  #error: { cause: unknown } | undefined;
  #full = false;
  #unsynced = 0;
  #syncing: Promise<void> | undefined;

  constructor(
    handle: FileHandle,
    position: number,
    options: PartWriterOptions,
  ) {
    this.#handle = handle;
    this.#position = position;
    this.#options = options;
  }

  /** Copies `bytes` in; they may be reused by the caller afterwards. */
  push(bytes: Uint8Array): void {
    let at = 0;
    while (at < bytes.length) {
      const current = this.#current ?? this.#take();
      const count = Math.min(bytes.length - at, current.length - this.#fill);
      current.set(bytes.subarray(at, at + count), this.#fill);
      this.#fill += count;
      at += count;
      if (this.#fill === current.length) this.#dispatch();
    }
    const room = (this.#current?.length ?? 0) - this.#fill;
    if (this.#current !== undefined && room < this.#options.maxPushBytes) {
      this.#dispatch();
    }
  }

  /** Writes what is left and waits for every write; throws a failure. */
  async finish(): Promise<void> {
    if (this.#fill > 0) this.#dispatch();
    await this.#writing;
    await this.#syncing;
    if (this.#error !== undefined) throw this.#error.cause;
  }

  /**
   * After a failed download: waits for running writes and, unless one
   * failed, also writes the bytes still buffered so a resume needs fewer.
   * Never throws; the file ends as a contiguous prefix of the body.
   */
  async abandon(): Promise<void> {
    if (this.#fill > 0 && this.#error === undefined) this.#dispatch();
    await this.#writing;
    await this.#syncing;
  }

  #take(): Buffer {
    let buffer = this.#free.pop();
    if (buffer === undefined) {
      buffer = Buffer.allocUnsafe(this.#options.bufferBytes);
      // Beyond the pool only if the source ignored a pause (a TLS socket
      // may hand over what it already decrypted): such a buffer is
      // dropped after its write instead of joining the pool.
      if (this.#pool.size < this.#options.buffers) this.#pool.add(buffer);
    }
    this.#current = buffer;
    this.#fill = 0;
    return buffer;
  }

  #dispatch(): void {
    const buffer = this.#current;
    if (buffer === undefined) return;
    const length = this.#fill;
    const position = this.#position;
    this.#current = undefined;
    this.#fill = 0;
    this.#position += length;
    this.#writing = this.#writing.then(async () => {
      if (this.#error !== undefined) return;
      try {
        await writeAll(this.#handle, buffer, length, position);
      } catch (cause) {
        this.#error = { cause };
        this.#options.onError(cause);
        return;
      }
      this.#release(buffer);
      this.#syncSometimes(length);
    });
    if (this.#free.length === 0 && this.#pool.size >= this.#options.buffers) {
      this.#full = true;
      this.#options.onFull();
    }
  }

  #syncSometimes(written: number): void {
    this.#unsynced += written;
    if (this.#unsynced < this.#options.syncEveryBytes) return;
    if (this.#syncing !== undefined) return;
    this.#unsynced = 0;
    this.#syncing = this.#handle.datasync().then(
      () => {
        this.#syncing = undefined;
      },
      (cause: unknown) => {
        this.#syncing = undefined;
        if (this.#error !== undefined) return;
        this.#error = { cause };
        this.#options.onError(cause);
      },
    );
  }

  #release(buffer: Buffer): void {
    if (!this.#pool.has(buffer)) return;
    this.#free.push(buffer);
    if (this.#full) {
      this.#full = false;
      this.#options.onRoom();
    }
  }
}

/** Writes `length` bytes of `buffer` at `position`, over short writes. */
async function writeAll(
  handle: FileHandle,
  buffer: Buffer,
  length: number,
  position: number,
): Promise<void> {
  let done = 0;
  while (done < length) {
    const { bytesWritten } = await handle.write(
      buffer,
      done,
      length - done,
      position + done,
    );
    done += bytesWritten;
  }
}
