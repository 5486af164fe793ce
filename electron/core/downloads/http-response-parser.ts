import { DownloadError } from './download-error.ts';

// A small, strict HTTP/1.1 response parser for one GET on a connection we
// close afterwards (`Connection: close`). It copies nothing from the body:
// body bytes are handed on as views of the caller's read buffer. It
// refuses whatever a lenient parser might read two ways (bare LF, folded
// headers, duplicate or conflicting lengths), since a download that
// misreads its framing writes wrong bytes under a right-looking name.

/** Status line and headers together may not exceed this. */
export const MAX_HEAD_BYTES = 64 * 1024;
/** A chunk-size line (with any extensions) may not exceed this. */
const MAX_CHUNK_LINE_BYTES = 4096;
/** Chunk sizes above 2^52 are nonsense for a file we then write. */
const MAX_CHUNK_HEX_DIGITS = 13;

const CR = 13;
const LF = 10;
const STATUS_LINE = /^HTTP\/1\.[01] ([1-9]\d\d)(?: [\t\x20-\x7e\x80-\xff]*)?$/;
const FIELD_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const DIGITS = /^\d{1,15}$/;
const HEX = /^[0-9A-Fa-f]+$/;

export interface ResponseHead {
  status: number;
  /** Lowercase name to its values, in arrival order. */
  headers: ReadonlyMap<string, readonly string[]>;
}

export interface ResponseParserHandlers {
  /** The final (non-1xx) head; 1xx answers are skipped. */
  onHead(head: ResponseHead): void;
  /** Body bytes: a view valid only during the call. */
  onBody(bytes: Uint8Array): void;
  /** The body is complete. */
  onComplete(): void;
}

type State =
  | 'head'
  | 'length-body'
  | 'close-body'
  | 'chunk-size'
  | 'chunk-data'
  | 'chunk-data-end'
  | 'trailers'
  | 'done';

/** A response refused for its framing: not resumable, not retried. */
export function malformed(detail: string): DownloadError {
  return new DownloadError('http', {
    message: `The file server sent a malformed response (${detail}).`,
  });
}

/**
 * Parses one response pushed in pieces with `feed`, then `end` at the
 * end of the stream. Throws a DownloadError on malformed input, and from
 * `end` when the stream stopped before the response did.
 */
export class HttpResponseParser {
  readonly #handlers: ResponseParserHandlers;
  #state: State = 'head';
  // Bytes of an unfinished line (head, chunk-size or trailer line).
  #line: Uint8Array[] = [];
  #lineBytes = 0;
  #headBytes = 0;
  #headLines: string[] = [];
  #remaining = 0;
  #crSeen = false;

  constructor(handlers: ResponseParserHandlers) {
    this.#handlers = handlers;
  }

  /** True once the whole response has been parsed. */
  get complete(): boolean {
    return this.#state === 'done';
  }

  /** True while the status line and headers are still arriving. */
  get inHead(): boolean {
    return this.#state === 'head';
  }

  /**
   * Parses `bytes`. With `stopAfterHead` it returns as soon as the final
   * head is parsed; the return value is how many bytes it used.
   */
  feed(bytes: Uint8Array, stopAfterHead = false): number {
    let at = 0;
    while (at < bytes.length) {
      switch (this.#state) {
        case 'head':
        case 'trailers': {
          const line = this.#takeLine(bytes, at, this.#headLimit());
          if (line === undefined) return bytes.length;
          at = line.next;
          const wasHead = this.#state === 'head';
          this.#headLine(line.text);
          if (wasHead && this.#state !== 'head' && stopAfterHead) return at;
          break;
        }
        case 'length-body':
        case 'chunk-data': {
          const take = Math.min(this.#remaining, bytes.length - at);
          this.#remaining -= take;
          this.#handlers.onBody(bytes.subarray(at, at + take));
          at += take;
          if (this.#remaining === 0) this.#bodyPartDone();
          break;
        }
        case 'close-body':
          this.#handlers.onBody(bytes.subarray(at));
          return bytes.length;
        case 'chunk-size': {
          const line = this.#takeLine(bytes, at, MAX_CHUNK_LINE_BYTES);
          if (line === undefined) return bytes.length;
          at = line.next;
          this.#chunkSize(line.text);
          break;
        }
        case 'chunk-data-end': {
          // Exactly CRLF, possibly split across two feeds.
          const expected = this.#crSeen ? LF : CR;
          if (bytes[at] !== expected) throw malformed('no CRLF after a chunk');
          at += 1;
          this.#crSeen = !this.#crSeen;
          if (!this.#crSeen) this.#state = 'chunk-size';
          break;
        }
        case 'done':
          throw malformed('bytes after the end of the body');
      }
    }
    return at;
  }

  /** The stream ended: completes a close-delimited body, else throws. */
  end(): void {
    if (this.#state === 'close-body') {
      this.#finish();
      return;
    }
    if (this.#state === 'done') return;
    throw new DownloadError('network', {
      message:
        this.#state === 'head'
          ? 'The connection closed before the file server answered.'
          : 'The connection closed before the whole file arrived.',
    });
  }

  #headLimit(): number {
    return MAX_HEAD_BYTES - this.#headBytes;
  }

  /**
   * Takes one CRLF-terminated line starting at `at`, keeping a partial
   * line for the next feed. Refuses bare CR or LF and lines over `limit`
   * bytes (CRLF included).
   */
  #takeLine(
    bytes: Uint8Array,
    at: number,
    limit: number,
  ): { text: string; next: number } | undefined {
    const lf = bytes.indexOf(LF, at);
    const end = lf === -1 ? bytes.length : lf + 1;
    const size = this.#lineBytes + (end - at);
    if (size > limit) {
      throw malformed(
        this.#state === 'head' || this.#state === 'trailers'
          ? `headers over ${MAX_HEAD_BYTES} bytes`
          : 'a chunk-size line too long',
      );
    }
    this.#line.push(bytes.slice(at, end));
    this.#lineBytes = size;
    if (lf === -1) return undefined;
    const whole = Buffer.concat(this.#line, this.#lineBytes);
    this.#line = [];
    this.#lineBytes = 0;
    if (this.#state === 'head' || this.#state === 'trailers') {
      this.#headBytes += whole.length;
    }
    if (whole.length < 2 || whole[whole.length - 2] !== CR) {
      throw malformed('a line ending in a bare LF');
    }
    const content = whole.subarray(0, whole.length - 2);
    if (content.includes(CR)) throw malformed('a bare CR');
    return { text: content.toString('latin1'), next: end };
  }

  #headLine(text: string): void {
    if (text !== '') {
      if (this.#headLines.length > 0 && /^[ \t]/.test(text)) {
        throw malformed('a folded header line');
      }
      this.#headLines.push(text);
      return;
    }
    if (this.#state === 'trailers') {
      // Trailers are read for framing only; none of them matters here.
      this.#headLines = [];
      this.#finish();
      return;
    }
    if (this.#headLines.length === 0) throw malformed('no status line');
    const [statusLine = '', ...fields] = this.#headLines;
    this.#headLines = [];
    const match = STATUS_LINE.exec(statusLine);
    if (match === null) throw malformed('a bad status line');
    const status = Number(match[1]);
    const headers = parseFields(fields);
    if (status < 200) {
      // 1xx answers precede the real one; 101 would switch protocols,
      // which a GET we sent never asks for.
      if (status === 101) throw malformed('an unasked protocol switch');
      this.#headBytes = 0;
      return;
    }
    this.#startBody(status, headers);
    this.#handlers.onHead({ status, headers });
    if (this.#state === 'length-body' && this.#remaining === 0) {
      this.#finish();
    }
  }

  #startBody(
    status: number,
    headers: ReadonlyMap<string, readonly string[]>,
  ): void {
    const lengths = headers.get('content-length');
    const encodings = headers.get('transfer-encoding');
    if (lengths !== undefined && encodings !== undefined) {
      throw malformed('both Content-Length and Transfer-Encoding');
    }
    if (status === 204 || status === 304) {
      this.#state = 'length-body';
      this.#remaining = 0;
      return;
    }
    if (encodings !== undefined) {
      if (encodings.length !== 1 || encodings[0]?.toLowerCase() !== 'chunked') {
        throw malformed('a transfer coding other than chunked');
      }
      this.#state = 'chunk-size';
      return;
    }
    if (lengths !== undefined) {
      const [length = ''] = lengths;
      if (lengths.length !== 1) throw malformed('duplicate Content-Length');
      if (!DIGITS.test(length)) throw malformed('a bad Content-Length');
      this.#state = 'length-body';
      this.#remaining = Number(length);
      return;
    }
    this.#state = 'close-body';
  }

  #chunkSize(text: string): void {
    // chunk-ext after ';' is allowed by RFC 9112 and ignored here.
    const semicolon = text.indexOf(';');
    const digits = semicolon === -1 ? text : text.slice(0, semicolon);
    if (!HEX.test(digits)) throw malformed('a bad chunk size');
    const significant = digits.replace(/^0+(?=.)/, '');
    if (significant.length > MAX_CHUNK_HEX_DIGITS) {
      throw malformed('a chunk size too large');
    }
    if (semicolon !== -1 && !FIELD_VALUE.test(text.slice(semicolon))) {
      throw malformed('a bad chunk extension');
    }
    const size = Number.parseInt(significant, 16);
    if (size === 0) {
      this.#state = 'trailers';
      this.#headBytes = 0;
      return;
    }
    this.#state = 'chunk-data';
    this.#remaining = size;
  }

  #bodyPartDone(): void {
    if (this.#state === 'chunk-data') this.#state = 'chunk-data-end';
    else this.#finish();
  }

  #finish(): void {
    this.#state = 'done';
    this.#handlers.onComplete();
  }
}

/** Header lines to a map, refusing anything a parser could misread. */
function parseFields(lines: readonly string[]): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = colon === -1 ? '' : line.slice(0, colon);
    if (!FIELD_NAME.test(name)) throw malformed('a bad header line');
    const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
    if (!FIELD_VALUE.test(value)) throw malformed('a bad header value');
    const key = name.toLowerCase();
    const values = headers.get(key);
    if (values === undefined) headers.set(key, [value]);
    else values.push(value);
  }
  return headers;
}
