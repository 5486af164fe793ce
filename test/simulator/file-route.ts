import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CaseAttachment } from '../../shared/offload/schemas.ts';
import type { FaultRule } from './admin-contract.ts';
import { contentChunks } from './attachment-content.ts';
import { writeBody } from './response-writer.ts';
import type { SimulatorState } from './simulator-state.ts';

// `GET /__files/<token>`: the stand-in for AgentMail's signed download
// URLs. It is a file server, not the API: errors are plain text, no key
// is needed, and it speaks single byte ranges so that clients can resume.

const TEXT = 'text/plain; charset=utf-8';

export type ByteRange =
  | { kind: 'whole' }
  | { kind: 'part'; start: number; end: number }
  | { kind: 'unsatisfiable' };

/**
 * Reads a `Range` header against a file size. Only one `bytes=` range is
 * honoured; anything else (several ranges, bad syntax) is ignored and the
 * whole file is sent, which RFC 9110 §14.2 allows. `end` is exclusive.
 */
export function parseRange(
  header: string | undefined,
  size: number,
): ByteRange {
  if (header === undefined) return { kind: 'whole' };
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null) return { kind: 'whole' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'whole' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'part', start: Math.max(0, size - suffix), end: size };
  }
  const start = Number(first);
  // `last < first` is invalid syntax, ignored rather than refused.
  if (last !== '' && Number(last) < start) return { kind: 'whole' };
  if (start >= size) return { kind: 'unsatisfiable' };
  const end = last === '' ? size : Math.min(Number(last) + 1, size);
  return { kind: 'part', start, end };
}

function contentDisposition(name: string | undefined): string {
  if (name === undefined) return 'attachment';
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(name);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function waitForDrain(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Looks the token up; answers 403 itself when the link is no good. */
function linkedAttachment(
  state: SimulatorState,
  res: ServerResponse,
  token: string,
): CaseAttachment | number {
  const link = state.links.get(token);
  if (link === undefined) {
    return writeBody(res, 403, TEXT, 'Unknown download link\n');
  }
  if (state.clock.now() >= link.expiresAt) {
    return writeBody(res, 403, TEXT, 'Download link has expired\n');
  }
  const attachment = state.cases
    .get(link.caseId)
    ?.attachments.find((item) => item.attachmentId === link.attachmentId);
  if (attachment === undefined) {
    return writeBody(res, 403, TEXT, 'Unknown download link\n');
  }
  return attachment;
}

/** Serves one download; resolves with the status sent once done. */
export async function serveFile(
  state: SimulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  token: string,
  rule: FaultRule | undefined,
): Promise<number> {
  const attachment = linkedAttachment(state, res, token);
  if (typeof attachment === 'number') return attachment;
  const size = attachment.size;
  const etag = `"${attachment.attachmentId}-${size}"`;
  const ifRange = req.headers['if-range'];
  const range =
    ifRange === undefined || ifRange === etag
      ? parseRange(req.headers.range, size)
      : ({ kind: 'whole' } as const);
  if (range.kind === 'unsatisfiable') {
    res.writeHead(416, {
      'content-type': TEXT,
      'content-length': 0,
      'content-range': `bytes */${size}`,
      'accept-ranges': 'bytes',
    });
    res.end();
    return 416;
  }
  const start = range.kind === 'part' ? range.start : 0;
  const end = range.kind === 'part' ? range.end : size;
  const status = range.kind === 'part' ? 206 : 200;
  const headers: Record<string, string | number> = {
    'content-type': attachment.type ?? 'application/octet-stream',
    'content-length': end - start,
    'accept-ranges': 'bytes',
    etag,
    'last-modified': new Date(attachment.receivedAt).toUTCString(),
    'content-disposition': contentDisposition(attachment.name),
  };
  if (range.kind === 'part') {
    headers['content-range'] = `bytes ${start}-${end - 1}/${size}`;
  }
  res.writeHead(status, headers);
  if (req.method === 'HEAD') {
    res.end();
    return status;
  }
  const limit =
    rule?.kind === 'truncate'
      ? (rule.afterBytes ?? Math.floor((end - start) / 2))
      : Infinity;
  await pump(
    req,
    res,
    contentChunks(
      { seed: state.seed, attachmentId: attachment.attachmentId, size },
      start,
      end,
    ),
    limit,
  );
  return status;
}

/**
 * Writes the chunks with backpressure. With a finite `limit` it stops
 * after that many bytes and drops the connection once they are flushed,
 * which is how a download cut off mid-way looks to the client.
 */
async function pump(
  req: IncomingMessage,
  res: ServerResponse,
  chunks: Iterable<Buffer>,
  limit: number,
): Promise<void> {
  let sent = 0;
  const cut = (piece: Buffer) => {
    res.write(piece, () => req.socket.destroy());
  };
  if (limit <= 0) {
    cut(Buffer.alloc(0));
    return;
  }
  for (const chunk of chunks) {
    if (res.destroyed) return;
    if (sent + chunk.length >= limit) {
      cut(chunk.subarray(0, limit - sent));
      return;
    }
    sent += chunk.length;
    if (!res.write(chunk)) await waitForDrain(res);
  }
  if (!res.destroyed) res.end();
}
