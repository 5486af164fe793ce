import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DownloadError } from '../../../../electron/core/downloads/download-error.ts';
import {
  fetchToFile,
  partPathFor,
} from '../../../../electron/core/downloads/fetch-to-file.ts';
import { getFile } from '../../../../electron/core/downloads/file-request.ts';

// The GET transport against raw sockets that send exactly the bytes a
// test wants, well-formed or not, over plain TCP and over TLS with a
// self-signed certificate made by the openssl CLI.

const BODY = Buffer.from('0123456789abcdef'.repeat(4096));
const BODY_SHA = createHash('sha256').update(BODY).digest('hex');

let folder: string;
let answer: (request: string) => (Buffer | string)[] = () => [];
let lastRequest = '';
// When set, the server keeps the connection open after its answer.
let hold = false;

/** Serves `answer(request)` piece by piece, then closes. */
function serve(socket: import('node:net').Socket): void {
  let received = '';
  socket.on('error', () => undefined);
  socket.on('data', (data) => {
    received += data.toString('latin1');
    if (!received.includes('\r\n\r\n')) return;
    lastRequest = received;
    for (const piece of answer(received)) socket.write(piece);
    if (!hold) socket.end();
  });
}

let plain: Server;
let plainBase: string;

beforeAll(async () => {
  plain = createServer(serve);
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
  plainBase = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => plain.close(resolve));
});

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'file-request-'));
  hold = false;
  return () => rmSync(folder, { recursive: true, force: true });
});

function fetchFrom(base: string, extra: { resumeFrom?: number } = {}) {
  return fetchToFile({
    url: `${base}/file`,
    destination: join(folder, 'file.bin'),
    expectedSize: BODY.length,
    allowLoopbackHttp: true,
    ...extra,
  });
}

async function downloadError(
  running: Promise<unknown>,
): Promise<DownloadError> {
  const error = await running.then(
    () => undefined,
    (cause: unknown) => cause,
  );
  expect(error).toBeInstanceOf(DownloadError);
  return error as DownloadError;
}

function ok(headers: string, ...body: (Buffer | string)[]) {
  return () => [`HTTP/1.1 200 OK\r\n${headers}\r\n`, ...body];
}

function chunkedBody(pieceBytes: number): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < BODY.length; at += pieceBytes) {
    const piece = BODY.subarray(at, at + pieceBytes);
    pieces.push(
      `${piece.length.toString(16)}\r\n${piece.toString('latin1')}\r\n`,
    );
  }
  return [...pieces, '0\r\n\r\n'];
}

describe('fetchToFile over the socket transport', () => {
  it('sends one GET with Host, Connection: close and no compression', async () => {
    answer = ok(`Content-Length: ${BODY.length}\r\n`, BODY);
    const result = await fetchFrom(plainBase);
    expect(result.sha256).toBe(BODY_SHA);
    const lines = lastRequest.split('\r\n');
    expect(lines[0]).toBe('GET /file HTTP/1.1');
    expect(lines).toContain(`host: ${new URL(plainBase).host}`);
    expect(lines).toContain('connection: close');
    expect(lines).toContain('accept-encoding: identity');
  });

  it.each([
    ['small chunks', 1000],
    ['chunks larger than the read buffer', 300_000],
  ])('writes a chunked body in %s byte for byte', async (_label, size) => {
    answer = ok('Transfer-Encoding: chunked\r\n', ...chunkedBody(size));
    const result = await fetchFrom(plainBase);
    expect(result.sha256).toBe(BODY_SHA);
    expect(readFileSync(join(folder, 'file.bin')).equals(BODY)).toBe(true);
  });

  it('writes a body delimited by the end of the connection', async () => {
    answer = () => ['HTTP/1.0 200 OK\r\n\r\n', BODY];
    const result = await fetchFrom(plainBase);
    expect(result.sha256).toBe(BODY_SHA);
  });

  it('keeps the bytes of a cut Content-Length body for a resume', async () => {
    answer = ok(`Content-Length: ${BODY.length}\r\n`, BODY.subarray(0, 10_000));
    const error = await downloadError(fetchFrom(plainBase));
    expect(error.kind).toBe('network');
    expect(error.resumable).toBe(true);
    const part = partPathFor(join(folder, 'file.bin'));
    expect(statSync(part).size).toBe(10_000);
    expect(existsSync(join(folder, 'file.bin'))).toBe(false);

    answer = (request) => {
      expect(request).toContain('range: bytes=10000-');
      const rest = BODY.subarray(10_000);
      return [
        'HTTP/1.1 206 Partial Content\r\n' +
          `Content-Range: bytes 10000-${BODY.length - 1}/${BODY.length}\r\n` +
          `Content-Length: ${rest.length}\r\n\r\n`,
        rest,
      ];
    };
    const result = await fetchFrom(plainBase, { resumeFrom: 10_000 });
    expect(result.sha256).toBe(BODY_SHA);
    expect(existsSync(part)).toBe(false);
  });

  const CL = `Content-Length: ${BODY.length}\r\n`;
  it.each<[string, () => (Buffer | string)[], string, RegExp]>([
    ['no answer at all', () => [], 'network', /before the file server/],
    [
      'truncated headers',
      () => ['HTTP/1.1 200 OK\r\nCont'],
      'network',
      /closed/,
    ],
    ['a bad status line', () => ['HTTP/1.1 OK\r\n\r\n'], 'http', /status line/],
    ['a bare LF', () => [`HTTP/1.1 200 OK\n${CL}\n`, BODY], 'http', /bare LF/],
    ['a folded header', ok(`${CL}X: a\r\n b\r\n`, BODY), 'http', /folded/],
    [
      'duplicate Content-Length',
      ok(`${CL}${CL}`, BODY),
      'http',
      /duplicate Content-Length/,
    ],
    [
      'both Content-Length and chunked',
      ok(`${CL}Transfer-Encoding: chunked\r\n`, ...chunkedBody(1000)),
      'http',
      /both/,
    ],
    [
      'header overflow',
      ok(`X: ${'a'.repeat(70_000)}\r\n`),
      'http',
      /headers over/,
    ],
    [
      'a negative chunk size',
      ok('Transfer-Encoding: chunked\r\n', '-10\r\n'),
      'http',
      /chunk size/,
    ],
    [
      'a non-hex chunk size',
      ok('Transfer-Encoding: chunked\r\n', 'zz\r\n'),
      'http',
      /chunk size/,
    ],
    [
      'a huge chunk size',
      ok('Transfer-Encoding: chunked\r\n', `${'f'.repeat(20)}\r\n`),
      'http',
      /too large/,
    ],
    [
      'a Content-Length other than the size announced',
      ok('Content-Length: 10\r\n', '0123456789'),
      'size-mismatch',
      /size/,
    ],
    [
      'a chunked body longer than the size announced',
      ok(
        'Transfer-Encoding: chunked\r\n',
        ...chunkedBody(1000).slice(0, -1),
        '5\r\nextra\r\n0\r\n\r\n',
      ),
      'size-mismatch',
      /size/,
    ],
  ])(
    'refuses %s and leaves a part only when resumable',
    async (_label, respond, kind, message) => {
      answer = respond;
      const error = await downloadError(fetchFrom(plainBase));
      expect(error.kind).toBe(kind);
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain('127.0.0.1');
      expect(existsSync(join(folder, 'file.bin'))).toBe(false);
      const part = partPathFor(join(folder, 'file.bin'));
      expect(existsSync(part)).toBe(error.resumable);
    },
  );

  it('reads no further than a complete body, ignoring what follows', async () => {
    // One request per connection: once the announced body is in, the
    // connection is closed and nothing after it can be a response.
    answer = ok(CL, BODY, 'HTTP/1.1 200 OK\r\n\r\nsmuggled');
    const result = await fetchFrom(plainBase);
    expect(result.sha256).toBe(BODY_SHA);
    expect(statSync(join(folder, 'file.bin')).size).toBe(BODY.length);
  });

  it('cancels a body that stalls and removes the part', async () => {
    const controller = new AbortController();
    hold = true;
    answer = () => [`HTTP/1.1 200 OK\r\n${CL}\r\n`, BODY.subarray(0, 100)];
    const running = fetchToFile({
      url: `${plainBase}/file`,
      destination: join(folder, 'file.bin'),
      expectedSize: BODY.length,
      allowLoopbackHttp: true,
      signal: controller.signal,
      onProgress: ({ bytes }) => {
        if (bytes === 100) controller.abort();
      },
    });
    const error = await downloadError(running);
    expect(error.kind).toBe('cancelled');
    expect(existsSync(partPathFor(join(folder, 'file.bin')))).toBe(false);
    expect(existsSync(join(folder, 'file.bin'))).toBe(false);
  });
});

/** A self-signed certificate and key for `subjectAltName`, via openssl. */
function selfSigned(subjectAltName: string): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'file-request-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=offload-console-test',
        '-addext',
        `subjectAltName=${subjectAltName}`,
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function startTls(credentials: {
  cert: string;
  key: string;
}): Promise<{ server: import('node:tls').Server; base: string }> {
  const server = createTlsServer(credentials, serve);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { server, base: `https://127.0.0.1:${port}` };
}

describe('getFile over TLS with a self-signed certificate', () => {
  let server: import('node:tls').Server;
  let base: string;
  let cert: string;
  let otherServer: import('node:tls').Server;
  let otherBase: string;
  let otherCert: string;

  beforeAll(async () => {
    const mine = selfSigned('IP:127.0.0.1');
    cert = mine.cert;
    ({ server, base } = await startTls(mine));
    const other = selfSigned('DNS:files.example.test');
    otherCert = other.cert;
    ({ server: otherServer, base: otherBase } = await startTls(other));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await new Promise((resolve) => otherServer.close(resolve));
  });

  it('downloads over TLS when the certificate is trusted', async () => {
    answer = ok(`Content-Length: ${BODY.length}\r\n`, BODY);
    const response = await getFile(new URL(`${base}/file`), {}, undefined, {
      ca: cert,
    });
    expect(response.status).toBe(200);
    const hash = createHash('sha256');
    await response.readBody((bytes) => hash.update(bytes));
    expect(hash.digest('hex')).toBe(BODY_SHA);
  });

  it('refuses a certificate no authority vouches for', async () => {
    answer = ok(`Content-Length: ${BODY.length}\r\n`, BODY);
    const error = await downloadError(
      getFile(new URL(`${base}/file`), {}, undefined),
    );
    expect(error.kind).toBe('insecure-url');
    expect(error.resumable).toBe(false);
  });

  it('refuses a trusted certificate issued for another host', async () => {
    answer = ok(`Content-Length: ${BODY.length}\r\n`, BODY);
    const error = await downloadError(
      getFile(new URL(`${otherBase}/file`), {}, undefined, { ca: otherCert }),
    );
    expect(error.kind).toBe('insecure-url');
    expect(error.cause).toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it('leaves no part when a redirect leads to an unverifiable server', async () => {
    answer = () => [
      `HTTP/1.1 302 Found\r\nLocation: ${base}/file\r\nContent-Length: 0\r\n\r\n`,
    ];
    const error = await downloadError(fetchFrom(plainBase));
    expect(error.kind).toBe('insecure-url');
    expect(existsSync(partPathFor(join(folder, 'file.bin')))).toBe(false);
  });
});
