import { describe, expect, it } from 'vitest';
import { DownloadError } from '../../../../electron/core/downloads/download-error.ts';
import {
  HttpResponseParser,
  MAX_HEAD_BYTES,
  type ResponseHead,
} from '../../../../electron/core/downloads/http-response-parser.ts';

interface Parsed {
  heads: ResponseHead[];
  body: Buffer;
  complete: boolean;
}

/** Feeds `pieces` one by one, then ends the stream when `end` is set. */
function parse(pieces: (string | Buffer)[], end = true): Parsed {
  const parsed: Parsed = { heads: [], body: Buffer.alloc(0), complete: false };
  const parser = new HttpResponseParser({
    onHead: (head) => parsed.heads.push(head),
    onBody: (bytes) => {
      parsed.body = Buffer.concat([parsed.body, bytes]);
    },
    onComplete: () => {
      parsed.complete = true;
    },
  });
  for (const piece of pieces) {
    parser.feed(
      typeof piece === 'string' ? Buffer.from(piece, 'latin1') : piece,
    );
  }
  if (end) parser.end();
  return parsed;
}

/** Every way of cutting `text` in two, to test state kept across feeds. */
function everySplit(text: string): [string, string][] {
  return Array.from({ length: text.length + 1 }, (_, at) => [
    text.slice(0, at),
    text.slice(at),
  ]);
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

const CHUNKED =
  'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n' +
  '5\r\nhello\r\n1;name=value\r\n,\r\n6\r\n world\r\n0\r\nx-trailer: 1\r\n\r\n';

const withHeaders = (lines: string) => `HTTP/1.1 200 OK\r\n${lines}\r\n`;
const chunked = (body: string) =>
  withHeaders('Transfer-Encoding: chunked\r\n') + body;

describe('HttpResponseParser', () => {
  it('reads a Content-Length body split at any byte', () => {
    const text =
      'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nETag: "a"\r\n\r\nhello';
    for (const pieces of everySplit(text)) {
      const parsed = parse(pieces, false);
      expect(parsed.complete).toBe(true);
      expect(parsed.body.toString()).toBe('hello');
      expect(parsed.heads[0]?.status).toBe(200);
      expect(parsed.heads[0]?.headers.get('etag')).toEqual(['"a"']);
    }
  });

  it('reads a chunked body with extensions and trailers split at any byte', () => {
    for (const pieces of everySplit(CHUNKED)) {
      const parsed = parse(pieces, false);
      expect(parsed.complete).toBe(true);
      expect(parsed.body.toString()).toBe('hello, world');
    }
  });

  it('skips 1xx answers and reports only the final head', () => {
    const parsed = parse([
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n',
      'HTTP/1.1 206 Partial Content\r\nContent-Length: 2\r\n\r\nok',
    ]);
    expect(parsed.heads.map((head) => head.status)).toEqual([206]);
    expect(parsed.body.toString()).toBe('ok');
  });

  it('reads a body without framing up to the end of the stream', () => {
    const parsed = parse(['HTTP/1.0 200 OK\r\n\r\nuntil ', 'close']);
    expect(parsed.complete).toBe(true);
    expect(parsed.body.toString()).toBe('until close');
  });

  it('accepts a status line without a reason and keeps repeated headers', () => {
    const parsed = parse([
      'HTTP/1.1 404\r\nVary: a\r\nvary:  b \r\nContent-Length: 0\r\n\r\n',
    ]);
    expect(parsed.heads[0]?.status).toBe(404);
    expect(parsed.heads[0]?.headers.get('vary')).toEqual(['a', 'b']);
    expect(parsed.complete).toBe(true);
  });

  it.each<[string, (string | Buffer)[], RegExp]>([
    ['an empty answer', [''], /closed before the file server answered/],
    ['truncated headers', ['HTTP/1.1 200 OK\r\nContent-Le'], /closed before/],
    ['a bad status line', ['HTTP/1.1 2000 OK\r\n\r\n'], /bad status line/],
    ['a status line of another protocol', ['ICY 200 OK\r\n\r\n'], /status/],
    ['HTTP/2 on an HTTP/1.1 connection', ['HTTP/2 200\r\n\r\n'], /status/],
    ['a blank line first', ['\r\nHTTP/1.1 200 OK\r\n\r\n'], /no status line/],
    ['a bare LF', ['HTTP/1.1 200 OK\nContent-Length: 0\n\n'], /bare LF/],
    ['a bare LF in a header', [withHeaders('A: b\n')], /bare LF/],
    ['a bare CR', [withHeaders('A: b\rc\r\n')], /bare CR/],
    ['a folded header', [withHeaders('A: b\r\n c\r\n')], /folded/],
    [
      'a space before the colon',
      [withHeaders('Content-Length : 1\r\n')],
      /header/,
    ],
    ['a header without a colon', [withHeaders('Content-Length\r\n')], /header/],
    [
      'a control character in a value',
      [withHeaders('A: b\u0000\r\n')],
      /value/,
    ],
    [
      'headers over the cap',
      [withHeaders(`A: ${'x'.repeat(MAX_HEAD_BYTES)}\r\n`)],
      /headers over/,
    ],
    [
      'many headers over the cap in small pieces',
      Array.from({ length: 3000 }, (_, i) =>
        i === 0 ? 'HTTP/1.1 200 OK\r\n' : `X-${i}: ${'y'.repeat(20)}\r\n`,
      ),
      /headers over/,
    ],
    [
      'duplicate Content-Length',
      [withHeaders('Content-Length: 1\r\nContent-Length: 1\r\n')],
      /duplicate Content-Length/,
    ],
    [
      'a listed Content-Length',
      [withHeaders('Content-Length: 1, 1\r\n')],
      /Content-Length/,
    ],
    [
      'a negative Content-Length',
      [withHeaders('Content-Length: -1\r\n')],
      /Content-Length/,
    ],
    [
      'a signed Content-Length',
      [withHeaders('Content-Length: +1\r\n')],
      /Content-Length/,
    ],
    [
      'a huge Content-Length',
      [withHeaders('Content-Length: 99999999999999999999\r\n')],
      /Content-Length/,
    ],
    [
      'Content-Length with Transfer-Encoding',
      [withHeaders('Content-Length: 5\r\nTransfer-Encoding: chunked\r\n')],
      /both/,
    ],
    [
      'a gzip transfer coding',
      [withHeaders('Transfer-Encoding: gzip, chunked\r\n')],
      /coding/,
    ],
    [
      'chunked twice',
      [
        withHeaders(
          'Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n',
        ),
      ],
      /coding/,
    ],
    [
      'an unasked protocol switch',
      ['HTTP/1.1 101 Switching\r\n\r\n'],
      /switch/,
    ],
    [
      'a negative chunk size',
      [chunked('-5\r\nhello\r\n0\r\n\r\n')],
      /chunk size/,
    ],
    [
      'a non-hex chunk size',
      [chunked('5g\r\nhello\r\n0\r\n\r\n')],
      /chunk size/,
    ],
    ['an empty chunk size', [chunked('\r\nhello\r\n0\r\n\r\n')], /chunk size/],
    [
      'a chunk size with spaces',
      [chunked(' 5\r\nhello\r\n0\r\n\r\n')],
      /chunk size/,
    ],
    ['a 0x chunk size', [chunked('0x5\r\nhello\r\n0\r\n\r\n')], /chunk size/],
    [
      'a huge chunk size',
      [chunked('fffffffffffffffff\r\nhello\r\n')],
      /too large/,
    ],
    [
      'an endless chunk-size line',
      [chunked(`5;${'e'.repeat(5000)}\r\n`)],
      /too long/,
    ],
    [
      'a chunk longer than its size',
      [chunked('3\r\nhello\r\n0\r\n\r\n')],
      /CRLF/,
    ],
    ['a chunk without its CRLF', [chunked('5\r\nhello0\r\n\r\n')], /CRLF/],
    [
      'a truncated chunked body',
      [chunked('5\r\nhel')],
      /before the whole file/,
    ],
    [
      'a chunked body without its last chunk',
      [chunked('5\r\nhello\r\n')],
      /before the whole file/,
    ],
    [
      'a body shorter than its Content-Length',
      [withHeaders('Content-Length: 10\r\n') + 'hello'],
      /before the whole file/,
    ],
    [
      'a body longer than its Content-Length',
      [withHeaders('Content-Length: 3\r\n') + 'hello'],
      /bytes after the end/,
    ],
  ])('refuses %s with a clear DownloadError', (_label, pieces, message) => {
    const error = thrown(() => parse(pieces)) as DownloadError;
    expect(error).toBeInstanceOf(DownloadError);
    expect(error.message).toMatch(message);
    expect(['http', 'network']).toContain(error.kind);
    // Framing faults are final; only a cut connection may be resumed.
    expect(error.resumable).toBe(error.kind === 'network');
    expect(error.kind === 'network').toBe(/closed before/.test(error.message));
  });
});
