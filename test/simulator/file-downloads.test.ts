import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseAttachment } from '../../shared/offload/schemas.ts';
import { callApi, dataOf } from './api-request.ts';
import {
  BLOCK_SIZE,
  contentChunks,
  expectedSha256,
} from './attachment-content.ts';
import { parseRange } from './file-route.ts';
import { rawRequest } from './raw-http.ts';
import { startSimulator, type RunningSimulator } from './simulator.ts';

// Attachment bytes: the download links minted by the attachment route,
// the file server behind them (ranges, HEAD, expiry) and the generator
// that makes the same bytes every time for the same file.

const SEED = 13;
const TTL_MS = 5 * 60_000;
const FILE_SIZE = 3 * BLOCK_SIZE + 12_345;

let sim: RunningSimulator;
let caseId: string;
let pdf: CaseAttachment;
let empty: CaseAttachment;
let bare: CaseAttachment;

beforeAll(async () => {
  sim = await startSimulator({ seed: SEED, timeScale: 0, linkTtlMs: TTL_MS });
  const seeded = await sim.admin.seedCase({
    status: 'COMPLETED',
    attachments: [
      {
        name: 'vendor w9 (signed).pdf',
        type: 'application/pdf',
        size: FILE_SIZE,
      },
      { name: 'empty.txt', type: 'text/plain', size: 0 },
      { size: 100 },
    ],
  });
  caseId = seeded.caseId;
  [pdf, empty, bare] = seeded.case.attachments as [
    CaseAttachment,
    CaseAttachment,
    CaseAttachment,
  ];
});

afterAll(async () => {
  await sim.close();
});

async function freshLink(attachment: CaseAttachment) {
  const result = await callApi<{ downloadUrl: string; expiresAt: string }>(
    sim,
    {
      method: 'GET',
      template: '/cases/{id}/attachments/{attachmentId}',
      id: caseId,
      attachmentId: attachment.attachmentId,
    },
  );
  return dataOf(result);
}

function identity(attachment: CaseAttachment) {
  return {
    seed: SEED,
    attachmentId: attachment.attachmentId,
    size: attachment.size,
  };
}

function bytesOf(attachment: CaseAttachment, start = 0, end = attachment.size) {
  return Buffer.concat([...contentChunks(identity(attachment), start, end)]);
}

/** Compared by digest: deep equality of megabyte buffers is slow. */
function digest(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

describe('GET /__files/<token>', () => {
  it('serves the whole file with the expected digest and headers', async () => {
    const { downloadUrl } = await freshLink(pdf);
    const response = await rawRequest(downloadUrl, { hashOnly: true });
    const expected = await sim.admin.expectedSha256(caseId, pdf.attachmentId);
    expect(response).toMatchObject({
      status: 200,
      complete: true,
      bytes: FILE_SIZE,
    });
    expect(response.sha256).toBe(expected.sha256);
    expect(expected).toEqual({
      sha256: await expectedSha256(identity(pdf)),
      size: FILE_SIZE,
    });
    expect(response.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-length': String(FILE_SIZE),
      'accept-ranges': 'bytes',
    });
    expect(response.headers['content-disposition']).toContain(
      "filename*=UTF-8''vendor%20w9%20(signed).pdf",
    );
  });

  it('falls back to application/octet-stream without a type', async () => {
    const { downloadUrl } = await freshLink(bare);
    const response = await rawRequest(downloadUrl);
    expect(response.headers['content-type']).toBe('application/octet-stream');
    expect(response.body).toEqual(bytesOf(bare));
  });

  it('answers HEAD with the headers and no body', async () => {
    const { downloadUrl } = await freshLink(pdf);
    const response = await rawRequest(downloadUrl, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers['content-length']).toBe(String(FILE_SIZE));
    expect(response.bytes).toBe(0);
  });

  it.each([
    ['bytes=0-99', 0, 100],
    ['bytes=100-', 100, FILE_SIZE],
    ['bytes=-500', FILE_SIZE - 500, FILE_SIZE],
    // Across a block boundary, where each block's stamp lives.
    [
      `bytes=${BLOCK_SIZE - 4}-${BLOCK_SIZE + 11}`,
      BLOCK_SIZE - 4,
      BLOCK_SIZE + 12,
    ],
    [`bytes=${FILE_SIZE - 10}-${FILE_SIZE + 1000}`, FILE_SIZE - 10, FILE_SIZE],
  ])(
    'answers %s with 206 and exactly those bytes',
    async (range, start, end) => {
      const { downloadUrl } = await freshLink(pdf);
      const response = await rawRequest(downloadUrl, { headers: { range } });
      expect(response.status).toBe(206);
      expect(response.headers['content-range']).toBe(
        `bytes ${start}-${end - 1}/${FILE_SIZE}`,
      );
      expect(response.headers['content-length']).toBe(String(end - start));
      expect(digest(response.body)).toBe(digest(bytesOf(pdf, start, end)));
    },
  );

  it('resumes: two ranges put together hash like the whole file', async () => {
    const split = 2 * BLOCK_SIZE + 7;
    const first = await rawRequest((await freshLink(pdf)).downloadUrl, {
      headers: { range: `bytes=0-${split - 1}` },
    });
    const rest = await rawRequest((await freshLink(pdf)).downloadUrl, {
      headers: { range: `bytes=${split}-` },
    });
    const joined = createHash('sha256')
      .update(first.body)
      .update(rest.body)
      .digest('hex');
    expect(joined).toBe(
      (await sim.admin.expectedSha256(caseId, pdf.attachmentId)).sha256,
    );
  });

  it.each([[`bytes=${FILE_SIZE}-`], ['bytes=-0']])(
    'answers %s with 416 and the size',
    async (range) => {
      const { downloadUrl } = await freshLink(pdf);
      const response = await rawRequest(downloadUrl, { headers: { range } });
      expect(response.status).toBe(416);
      expect(response.headers['content-range']).toBe(`bytes */${FILE_SIZE}`);
    },
  );

  it('ignores a range whose If-Range does not match', async () => {
    const { downloadUrl } = await freshLink(bare);
    const response = await rawRequest(downloadUrl, {
      headers: { range: 'bytes=0-9', 'if-range': '"other"' },
    });
    expect(response.status).toBe(200);
    expect(response.bytes).toBe(100);
  });

  it('serves an empty file, and answers any range of it with 416', async () => {
    const { downloadUrl } = await freshLink(empty);
    const whole = await rawRequest(downloadUrl);
    expect(whole).toMatchObject({ status: 200, bytes: 0, complete: true });
    expect(whole.headers['content-length']).toBe('0');
    const ranged = await rawRequest(downloadUrl, {
      headers: { range: 'bytes=0-' },
    });
    expect(ranged.status).toBe(416);
  });

  it('refuses an unknown token with 403', async () => {
    const response = await rawRequest(`${sim.url}/__files/not-a-token`);
    expect(response.status).toBe(403);
  });

  it('refuses a link once expiresAt has passed', async () => {
    const { downloadUrl, expiresAt } = await freshLink(bare);
    const { now } = await sim.admin.clock();
    expect(Date.parse(expiresAt)).toBe(now + TTL_MS);
    await sim.admin.advance(TTL_MS - 1);
    expect((await rawRequest(downloadUrl)).status).toBe(200);
    await sim.admin.advance(1);
    const expired = await rawRequest(downloadUrl);
    expect(expired.status).toBe(403);
    expect(expired.body.toString()).toMatch(/expired/);
    // A fresh link from the API works again.
    expect((await rawRequest((await freshLink(bare)).downloadUrl)).status).toBe(
      200,
    );
  });

  it('expires every live link on the admin call', async () => {
    const links = [await freshLink(bare), await freshLink(pdf)];
    const { expired } = await sim.admin.expireLinks();
    expect(expired).toBeGreaterThanOrEqual(2);
    for (const { downloadUrl } of links) {
      expect((await rawRequest(downloadUrl)).status).toBe(403);
    }
  });

  it('cuts a download mid-way with the truncate fault, then resumes', async () => {
    const afterBytes = BLOCK_SIZE + 3;
    await sim.admin.addFault({
      route: 'file',
      kind: 'truncate',
      afterBytes,
      times: 1,
    });
    const { downloadUrl } = await freshLink(pdf);
    const cut = await rawRequest(downloadUrl);
    expect(cut.status).toBe(200);
    expect(cut.headers['content-length']).toBe(String(FILE_SIZE));
    expect(cut.complete).toBe(false);
    expect(cut.bytes).toBe(afterBytes);
    const rest = await rawRequest(downloadUrl, {
      headers: { range: `bytes=${afterBytes}-` },
    });
    expect(rest.status).toBe(206);
    expect(digest(Buffer.concat([cut.body, rest.body]))).toBe(
      digest(bytesOf(pdf)),
    );
  });

  it('streams a large file without holding it (64 MiB, digest checked)', async () => {
    const seeded = await sim.admin.seedCase({
      status: 'COMPLETED',
      attachments: [{ name: 'big.bin', size: 64 * BLOCK_SIZE + 1 }],
    });
    const big = seeded.case.attachments[0] as CaseAttachment;
    const link = dataOf(
      await callApi<{ downloadUrl: string }>(sim, {
        method: 'GET',
        template: '/cases/{id}/attachments/{attachmentId}',
        id: seeded.caseId,
        attachmentId: big.attachmentId,
      }),
    );
    const response = await rawRequest(link.downloadUrl, { hashOnly: true });
    expect(response.bytes).toBe(big.size);
    expect(response.sha256).toBe(
      (await sim.admin.expectedSha256(seeded.caseId, big.attachmentId)).sha256,
    );
  });
});

describe('attachment content', () => {
  const file = { seed: 1, attachmentId: 'a', size: 2 * BLOCK_SIZE + 100 };

  it('is the same for the same file and differs across seeds and ids', () => {
    const bytes = (variant: typeof file) =>
      Buffer.concat([...contentChunks(variant, 0, 4096)]);
    expect(bytes(file)).toEqual(bytes({ ...file }));
    expect(bytes({ ...file, seed: 2 })).not.toEqual(bytes(file));
    expect(bytes({ ...file, attachmentId: 'b' })).not.toEqual(bytes(file));
  });

  it('stamps each block with its index and repeats the rest', () => {
    const whole = Buffer.concat([...contentChunks(file)]);
    expect(whole.length).toBe(file.size);
    expect(whole.readBigUInt64LE(BLOCK_SIZE)).toBe(1n);
    expect(whole.readBigUInt64LE(2 * BLOCK_SIZE)).toBe(2n);
    expect(whole.subarray(BLOCK_SIZE + 8, BLOCK_SIZE + 100)).toEqual(
      whole.subarray(8, 100),
    );
  });

  it('gives any range as the matching slice of the whole', () => {
    const whole = Buffer.concat([...contentChunks(file)]);
    for (const [start, end] of [
      [0, 1],
      [3, 9],
      [BLOCK_SIZE - 1, BLOCK_SIZE + 9],
      [BLOCK_SIZE + 8, 2 * BLOCK_SIZE + 4],
      [file.size - 1, file.size],
      [5, file.size + 50],
    ] as const) {
      const part = Buffer.concat([...contentChunks(file, start, end)]);
      expect(part.length).toBe(Math.min(end, file.size) - start);
      expect(digest(part)).toBe(digest(whole.subarray(start, end)));
    }
  });

  it('hashes like a plain SHA-256 of the bytes', async () => {
    const whole = Buffer.concat([...contentChunks(file)]);
    expect(await expectedSha256(file)).toBe(digest(whole));
  });
});

describe('parseRange', () => {
  it.each([
    [undefined, { kind: 'whole' }],
    ['bytes=0-0', { kind: 'part', start: 0, end: 1 }],
    ['bytes=5-', { kind: 'part', start: 5, end: 10 }],
    ['bytes=-3', { kind: 'part', start: 7, end: 10 }],
    ['bytes=-30', { kind: 'part', start: 0, end: 10 }],
    ['bytes=8-100', { kind: 'part', start: 8, end: 10 }],
    ['bytes=10-', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    ['bytes=5-2', { kind: 'whole' }],
    ['bytes=0-1,4-5', { kind: 'whole' }],
    ['items=0-1', { kind: 'whole' }],
  ])('reads %s against a 10-byte file', (header, expected) => {
    expect(parseRange(header, 10)).toEqual(expected);
  });
});
