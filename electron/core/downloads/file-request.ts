import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { DownloadError } from './download-error.ts';
import {
  HttpResponseParser,
  type ResponseHead,
} from './http-response-parser.ts';

// One GET to a file server on its own connection (`Connection: close`).
// node:http allocates a Buffer per incoming chunk, so a fast 1 GiB body
// left ~90 MiB of buffers waiting for the garbage collector and capped the
// rate near curl's half. Here the socket reads into one reused buffer
// (net/tls `onread`) and a strict parser of our own hands the body on as
// views of it, synchronously: nothing is allocated per chunk, and the
// consumer pauses the socket when it cannot take more.

/** The most bytes one `readBody` callback is given. */
export const READ_BUFFER_BYTES = 256 * 1024;

export interface FileResponse {
  status: number;
  /** A response header, or null when absent; repeats joined by ", ". */
  header(name: string): string | null;
  /**
   * Hands the body to `onBytes` as it arrives and resolves at its end.
   * The bytes are a view of a reused buffer, valid only during the call.
   * A throw from `onBytes` ends the download with that error.
   */
  readBody(onBytes: (bytes: Uint8Array) => void): Promise<void>;
  /** Stops reading from the socket until `resume`. */
  pause(): void;
  resume(): void;
  /** Drops the connection; a running `readBody` rejects with `error`. */
  discard(error?: unknown): void;
}

/** Options for tests: a CA to trust instead of the system's. */
export interface FileRequestTls {
  ca?: string | Buffer;
}

/** Sends the GET and resolves once the status line and headers arrived. */
export function getFile(
  url: URL,
  headers: Record<string, string>,
  signal: AbortSignal | undefined,
  tls: FileRequestTls = {},
): Promise<FileResponse> {
  return new Promise((resolve, reject) => {
    const exchange = new Exchange(url, signal, tls, resolve, reject);
    exchange.send(requestText(url, headers));
  });
}

/** The request head; header values are ours, never the server's. */
function requestText(url: URL, headers: Record<string, string>): string {
  const lines = [
    `GET ${url.pathname}${url.search} HTTP/1.1`,
    `host: ${url.host}`,
    'connection: close',
  ];
  for (const [name, value] of Object.entries(headers)) {
    if (/[\r\n]/.test(name + value)) {
      throw new TypeError('A request header holds a line break.');
    }
    lines.push(`${name}: ${value}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

type BodyListener = (bytes: Uint8Array) => void;

/** One connection, one request, one response. */
class Exchange {
  readonly #socket: Socket;
  readonly #parser: HttpResponseParser;
  readonly #signal: AbortSignal | undefined;
  readonly #resolveHead: (response: FileResponse) => void;
  readonly #rejectHead: (error: unknown) => void;
  readonly #isTls: boolean;
  #secured = false;
  #headSeen = false;
  #over = false;
  #failure: unknown;
  #onBytes: BodyListener | undefined;
  // Body bytes that came in the same read as the head, before readBody.
  #early: Uint8Array | undefined;
  #consumerPaused = false;
  #body: { resolve: () => void; reject: (error: unknown) => void } | undefined;

  constructor(
    url: URL,
    signal: AbortSignal | undefined,
    tls: FileRequestTls,
    resolveHead: (response: FileResponse) => void,
    rejectHead: (error: unknown) => void,
  ) {
    this.#signal = signal;
    this.#resolveHead = resolveHead;
    this.#rejectHead = rejectHead;
    this.#parser = new HttpResponseParser({
      onHead: (head) => this.#head(head),
      onBody: (bytes) => {
        if (!this.#over) this.#onBytes?.(bytes);
      },
      onComplete: () => this.#complete(),
    });
    this.#isTls = url.protocol === 'https:';
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = Number(url.port) || (this.#isTls ? 443 : 80);
    const onread = {
      buffer: Buffer.allocUnsafe(READ_BUFFER_BYTES),
      callback: (length: number, buffer: Uint8Array) =>
        this.#read(buffer.subarray(0, length)),
    };
    if (this.#isTls) {
      // tls.connect takes `onread` like net.connect (Node docs), but
      // @types/node does not list it.
      const options: ConnectionOptions & { onread: typeof onread } = {
        host,
        port,
        onread,
        ALPNProtocols: ['http/1.1'],
        ...(isIP(host) === 0 ? { servername: host } : {}),
        ...(tls.ca === undefined ? {} : { ca: tls.ca }),
      };
      this.#socket = tlsConnect(options);
      this.#socket.once('secureConnect', () => {
        this.#secured = true;
      });
    } else {
      this.#socket = netConnect({ host, port, onread });
    }
    this.#socket.on('error', (error) => this.#fail(this.#socketError(error)));
    this.#socket.on('end', () => this.#ended());
    this.#socket.on('close', () => this.#ended());
    signal?.addEventListener('abort', this.#aborted);
    if (signal?.aborted === true) this.#aborted();
  }

  send(text: string): void {
    if (!this.#over) this.#socket.write(text);
  }

  readonly #aborted = (): void => {
    this.#fail(
      this.#signal?.reason ??
        Object.assign(new Error('aborted'), { name: 'AbortError' }),
    );
  };

  /** The onread callback: false pauses the socket. */
  #read(bytes: Uint8Array): boolean {
    if (this.#over) return false;
    try {
      if (!this.#headSeen) {
        const used = this.#parser.feed(bytes, true);
        if (!this.#headSeen) return true;
        if (used < bytes.length) this.#early = bytes.slice(used);
        // Wait for readBody (or discard) before reading any further.
        return this.#onBytes !== undefined;
      }
      if (this.#onBytes === undefined) {
        // A TLS socket may hand over what it had decrypted despite the
        // pause: keep it for readBody like the first bytes.
        const early = this.#early ?? new Uint8Array(0);
        this.#early = Buffer.concat([early, bytes]);
        return false;
      }
      this.#parser.feed(bytes);
    } catch (error) {
      this.#fail(error);
      return false;
    }
    return !this.#consumerPaused;
  }

  #head(head: ResponseHead): void {
    this.#headSeen = true;
    this.#resolveHead({
      status: head.status,
      header: (name) =>
        head.headers.get(name.toLowerCase())?.join(', ') ?? null,
      readBody: (onBytes) => this.#readBody(onBytes),
      pause: () => {
        this.#consumerPaused = true;
        this.#socket.pause();
      },
      resume: () => {
        this.#consumerPaused = false;
        if (this.#onBytes !== undefined && !this.#over) this.#socket.resume();
      },
      discard: (error) => this.#fail(error ?? new DownloadError('cancelled')),
    });
  }

  #readBody(onBytes: BodyListener): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#body = { resolve, reject };
      this.#onBytes = onBytes;
      if (this.#over) {
        this.#settleBody();
        return;
      }
      const early = this.#early;
      this.#early = undefined;
      if (early !== undefined) {
        try {
          this.#parser.feed(early);
        } catch (error) {
          this.#fail(error);
          return;
        }
      }
      if (!this.#over && !this.#consumerPaused) this.#socket.resume();
    });
  }

  #complete(): void {
    if (this.#over) return;
    this.#over = true;
    this.#cleanUp();
    this.#settleBody();
  }

  /** The peer closed: a body delimited by the close ends here. */
  #ended(): void {
    if (this.#over) return;
    try {
      this.#parser.end();
    } catch (error) {
      this.#fail(error);
    }
  }

  #fail(error: unknown): void {
    if (this.#over) return;
    this.#over = true;
    this.#failure = error;
    this.#cleanUp();
    if (!this.#headSeen) this.#rejectHead(error);
    else this.#settleBody();
  }

  #settleBody(): void {
    const body = this.#body;
    if (body === undefined) return;
    this.#body = undefined;
    if (this.#failure === undefined) body.resolve();
    else body.reject(this.#failure);
  }

  #cleanUp(): void {
    this.#signal?.removeEventListener('abort', this.#aborted);
    this.#socket.destroy();
  }

  /**
   * A TLS handshake failure (an unverifiable certificate, mostly) is no
   * network hiccup to retry: it says the link is not safe to follow.
   */
  #socketError(error: Error): unknown {
    if (!this.#isTls || this.#secured) return error;
    const code = (error as { code?: unknown }).code;
    const handshake =
      typeof code === 'string' &&
      (code.startsWith('ERR_TLS_') ||
        code.startsWith('ERR_SSL_') ||
        !code.startsWith('E'));
    if (!handshake) return error;
    return new DownloadError('insecure-url', {
      message:
        'The file server’s certificate could not be verified, so the ' +
        'download was refused.',
      cause: error,
    });
  }
}
