import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { LogSink } from './logger.ts';

// The log on disk: `<logDir>/offload-console.log`, rotated by size into
// `.1`, `.2`, … (the higher, the older). Lines arrive already redacted
// (Logger redacts before any sink), and are appended synchronously so
// that the last lines before a crash are on disk and lines never
// interleave. Logging must never take the app down: a failed write drops
// the line, counts it, and is retried with the next one.

export const LOG_FILE_NAME = 'offload-console.log';
export const DEFAULT_LOG_MAX_BYTES = 5 * 1024 * 1024;
/** Files kept in all, the current one included. */
export const DEFAULT_LOG_MAX_FILES = 3;

export interface LogFileOptions {
  logDir: string;
  /** Rotate before a line would take the file past this size. */
  maxBytes?: number;
  /** Files kept in all, the current one included (at least 1). */
  maxFiles?: number;
}

export interface LogFile {
  /** Give this to `new Logger({ sink })`. */
  readonly sink: LogSink;
  /** The current file. */
  readonly path: string;
  /** Lines that could not be written. */
  readonly droppedLines: number;
  /** Closes the file; later lines reopen it. */
  close(): void;
}

class RotatingLogFile implements LogFile {
  readonly path: string;
  readonly #dir: string;
  readonly #maxBytes: number;
  readonly #maxFiles: number;
  #fd: number | null = null;
  #size = 0;
  #dropped = 0;

  constructor(options: LogFileOptions) {
    this.#dir = options.logDir;
    this.path = join(options.logDir, LOG_FILE_NAME);
    this.#maxBytes = options.maxBytes ?? DEFAULT_LOG_MAX_BYTES;
    this.#maxFiles = options.maxFiles ?? DEFAULT_LOG_MAX_FILES;
    if (!(this.#maxBytes > 0) || !Number.isInteger(this.#maxFiles)) {
      throw new RangeError('A log file needs a positive size and file count.');
    }
    if (this.#maxFiles < 1) {
      throw new RangeError('A log file keeps at least one file.');
    }
  }

  readonly sink: LogSink = (line: string) => {
    const bytes = Buffer.from(`${line}\n`, 'utf8');
    try {
      // Opening first learns the size of a file left by an earlier run.
      this.#open();
      if (this.#size > 0 && this.#size + bytes.length > this.#maxBytes) {
        this.#rotate();
      }
      this.#size += writeSync(this.#open(), bytes);
    } catch {
      // A full disk or a removed folder must not stop the app. The next
      // line tries again from a fresh open.
      this.#dropped += 1;
      this.close();
    }
  };

  get droppedLines(): number {
    return this.#dropped;
  }

  close(): void {
    if (this.#fd === null) return;
    try {
      closeSync(this.#fd);
    } catch {
      // Already gone; nothing to release.
    }
    this.#fd = null;
  }

  #open(): number {
    if (this.#fd === null) {
      mkdirSync(this.#dir, { recursive: true });
      this.#fd = openSync(this.path, 'a', 0o600);
      this.#size = fstatSync(this.#fd).size;
    }
    return this.#fd;
  }

  /** `.log` becomes `.log.1`, `.1` becomes `.2`…; the oldest goes. */
  #rotate(): void {
    this.close();
    const name = (index: number) =>
      index === 0 ? this.path : `${this.path}.${index}`;
    rmSync(name(this.#maxFiles - 1), { force: true });
    for (let index = this.#maxFiles - 2; index >= 0; index -= 1) {
      try {
        renameSync(name(index), name(index + 1));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    this.#size = 0;
  }
}

/** Opens (lazily) the rotating log file in `logDir`. */
export function openLogFile(options: LogFileOptions): LogFile {
  return new RotatingLogFile(options);
}
