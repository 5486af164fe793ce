import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DownloadError } from '../../../../electron/core/downloads/download-error.ts';
import {
  fetchToFile,
  partPathFor,
  type DownloadProgress,
  type FetchToFileOptions,
} from '../../../../electron/core/downloads/fetch-to-file.ts';
import { OffloadClient } from '../../../../electron/core/offload-client.ts';
import {
  startSimulator,
  type RunningSimulator,
} from '../../../simulator/simulator.ts';

const SIZE = 5_000_000;

let sim: RunningSimulator;
let client: OffloadClient;
let caseId: string;
let attachmentId: string;
let expectedSha: string;
let folder: string;

beforeAll(async () => {
  sim = await startSimulator({ seed: 4, timeScale: 0 });
  client = new OffloadClient({ baseUrl: sim.url, apiKey: sim.apiKey });
  const seeded = await sim.admin.seedCase({
    status: 'COMPLETED',
    attachments: [{ name: 'w9.pdf', size: SIZE, type: 'application/pdf' }],
  });
  caseId = seeded.caseId;
  const attachment = seeded.case.attachments[0];
  if (attachment === undefined) throw new Error('seed gave no attachment');
  attachmentId = attachment.attachmentId;
  expectedSha = (await sim.admin.expectedSha256(caseId, attachmentId)).sha256;
});

afterAll(async () => {
  await sim.close();
});

beforeEach(async () => {
  folder = mkdtempSync(join(tmpdir(), 'fetch-to-file-'));
  await sim.admin.clearFaults();
  await sim.admin.clearRequests();
  return () => {
    rmSync(folder, { recursive: true, force: true });
  };
});

async function freshUrl(): Promise<string> {
  return (await client.getAttachment(caseId, attachmentId)).downloadUrl;
}

async function options(
  overrides: Partial<FetchToFileOptions> = {},
): Promise<FetchToFileOptions> {
  return {
    url: await freshUrl(),
    destination: join(folder, 'w9.pdf'),
    expectedSize: SIZE,
    allowLoopbackHttp: true,
    ...overrides,
  };
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

function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

async function fileRequests() {
  const { requests } = await sim.admin.requests();
  return requests.filter((request) => request.route === 'file');
}

describe('fetchToFile against the simulator', () => {
  it('downloads a file whose bytes match the SHA-256 Offload holds', async () => {
    const result = await fetchToFile(await options());

    const destination = join(folder, 'w9.pdf');
    expect(result).toEqual({
      path: destination,
      size: SIZE,
      sha256: expectedSha,
    });
    expect(statSync(destination).size).toBe(SIZE);
    expect(sha256Of(destination)).toBe(expectedSha);
    expect(existsSync(partPathFor(destination))).toBe(false);
  });

  it('resumes a cut connection with a Range request to identical bytes', async () => {
    await sim.admin.setFaults([
      { route: 'file', kind: 'truncate', afterBytes: 1_000_000, times: 1 },
    ]);
    const destination = join(folder, 'w9.pdf');
    const part = partPathFor(destination);

    const error = await downloadError(fetchToFile(await options()));
    expect(error.kind).toBe('network');
    expect(error.resumable).toBe(true);
    expect(existsSync(destination)).toBe(false);
    const kept = statSync(part).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(1_000_000);

    const result = await fetchToFile(await options({ resumeFrom: kept }));
    expect(result.sha256).toBe(expectedSha);
    expect(sha256Of(destination)).toBe(expectedSha);
    expect(existsSync(part)).toBe(false);
    const statuses = (await fileRequests()).map((request) => request.status);
    expect(statuses.at(-1)).toBe(206);
  });

  it('reports an expired link as expired and writes no final file', async () => {
    const url = await freshUrl();
    await sim.admin.expireLinks();

    const error = await downloadError(fetchToFile(await options({ url })));
    expect(error.kind).toBe('expired');
    expect(error.status).toBe(403);
    expect(error.resumable).toBe(true);
    expect(existsSync(join(folder, 'w9.pdf'))).toBe(false);
  });

  it.each([
    ['smaller', SIZE - 1],
    ['larger', SIZE + 1],
  ])(
    'leaves neither file nor part when the size announced is %s',
    async (_label, expectedSize) => {
      const destination = join(folder, 'w9.pdf');
      const error = await downloadError(
        fetchToFile(await options({ expectedSize })),
      );
      expect(error.kind).toBe('size-mismatch');
      expect(error.resumable).toBe(false);
      expect(existsSync(destination)).toBe(false);
      expect(existsSync(partPathFor(destination))).toBe(false);
    },
  );

  it('stops on cancel and removes the part', async () => {
    const controller = new AbortController();
    const destination = join(folder, 'w9.pdf');
    let clock = 0;
    const seen: number[] = [];

    const error = await downloadError(
      fetchToFile(
        await options({
          signal: controller.signal,
          now: () => (clock += 200),
          onProgress: ({ bytes }) => {
            seen.push(bytes);
            if (bytes >= 1_000_000) controller.abort();
          },
        }),
      ),
    );
    expect(error.kind).toBe('cancelled');
    expect(seen.at(-1)).toBeLessThan(SIZE);
    expect(existsSync(destination)).toBe(false);
    expect(existsSync(partPathFor(destination))).toBe(false);
  });

  it('paces progress reports by the clock and always reports the end', async () => {
    const frozen: DownloadProgress[] = [];
    await fetchToFile(
      await options({ now: () => 0, onProgress: (p) => frozen.push(p) }),
    );
    // A clock that never moves allows the first report and the last only.
    expect(frozen).toHaveLength(2);
    expect(frozen.at(-1)).toEqual({
      bytes: SIZE,
      total: SIZE,
      bytesPerSecond: 0,
    });

    rmSync(join(folder, 'w9.pdf'));
    let clock = 0;
    const moving: DownloadProgress[] = [];
    await fetchToFile(
      await options({
        now: () => (clock += 100),
        onProgress: (p) => moving.push(p),
      }),
    );
    expect(moving.length).toBeGreaterThan(2);
    const bytes = moving.map((p) => p.bytes);
    expect(bytes).toEqual(bytes.toSorted((a, b) => a - b));
    expect(moving.at(-1)?.bytes).toBe(SIZE);
    expect(moving.at(-1)?.bytesPerSecond).toBeGreaterThan(0);
  });

  it('maps a folder it may not write to no-permission, leaving nothing', async () => {
    const readOnly = join(folder, 'read-only');
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o555);
    // Root ignores directory modes, so under root (as in CI here) use
    // sysfs, which refuses to create files even for root (EACCES).
    const target = writesIgnoreModes(readOnly)
      ? '/sys/offload-console-download-test.pdf'
      : join(readOnly, 'w9.pdf');

    const error = await downloadError(
      fetchToFile(await options({ destination: target })),
    );
    expect(error.kind).toBe('no-permission');
    expect(error.resumable).toBe(false);
    expect(existsSync(target)).toBe(false);
    expect(existsSync(partPathFor(target))).toBe(false);
    expect(await fileRequests()).toHaveLength(0);
  });

  it('refuses plain http unless loopback is allowed, without a request', async () => {
    const url = await freshUrl();
    for (const candidate of [url, url.replace('127.0.0.1', '10.0.0.1')]) {
      const error = await downloadError(
        fetchToFile(
          await options({ url: candidate, allowLoopbackHttp: false }),
        ),
      );
      expect(error.kind).toBe('insecure-url');
    }
    const remote = url.replace('127.0.0.1', 'files.example.com');
    const error = await downloadError(
      fetchToFile(await options({ url: remote })),
    );
    expect(error.kind).toBe('insecure-url');
    expect(await fileRequests()).toHaveLength(0);
    expect(existsSync(partPathFor(join(folder, 'w9.pdf')))).toBe(false);
  });

  it('does not touch a part another download may be writing', async () => {
    const destination = join(folder, 'w9.pdf');
    writeFileSync(partPathFor(destination), 'someone else');

    const error = await downloadError(fetchToFile(await options()));
    expect(error.kind).toBe('part-exists');
    expect(readFileSync(partPathFor(destination), 'utf8')).toBe('someone else');
    expect(await fileRequests()).toHaveLength(0);
  });

  it('never overwrites a file that took the final name meanwhile', async () => {
    const destination = join(folder, 'w9.pdf');
    let planted = false;
    const error = await downloadError(
      fetchToFile(
        await options({
          onProgress: () => {
            if (!planted) writeFileSync(destination, 'mine');
            planted = true;
          },
        }),
      ),
    );
    expect(error.kind).toBe('destination-exists');
    expect(readFileSync(destination, 'utf8')).toBe('mine');
    expect(existsSync(partPathFor(destination))).toBe(false);
  });

  it('finishes a part that already holds every byte without a request', async () => {
    await fetchToFile(await options());
    const destination = join(folder, 'w9.pdf');
    const copy = join(folder, 'copy.pdf');
    writeFileSync(partPathFor(copy), readFileSync(destination));

    const result = await fetchToFile(
      await options({ destination: copy, resumeFrom: SIZE }),
    );
    expect(result.sha256).toBe(expectedSha);
    expect((await fileRequests()).filter((r) => r.status === 206)).toEqual([]);
    expect(await fileRequests()).toHaveLength(1);
  });
});

describe('fetchToFile against a bare local server', () => {
  let server: Server;
  let base: string;
  const body = Buffer.alloc(300_000, 7);
  const bodySha = createHash('sha256').update(body).digest('hex');

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/to-http') {
        res.writeHead(302, { location: `${base}/plain` });
        res.end();
        return;
      }
      if (req.url === '/missing') {
        res.writeHead(404);
        res.end();
        return;
      }
      // Ignores Range, like servers without range support.
      res.writeHead(200, { 'content-length': body.length });
      res.end(body);
    });
    await new Promise<void>((resolve) =>
      server.listen(0, '127.0.0.1', resolve),
    );
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  function local(path: string, extra: Partial<FetchToFileOptions> = {}) {
    return {
      url: `${base}${path}`,
      destination: join(folder, 'file.bin'),
      expectedSize: body.length,
      allowLoopbackHttp: true,
      ...extra,
    };
  }

  it('restarts from byte 0 when the server ignores the range', async () => {
    const destination = join(folder, 'file.bin');
    writeFileSync(partPathFor(destination), Buffer.alloc(1_000, 9));

    const result = await fetchToFile(local('/plain', { resumeFrom: 1_000 }));
    expect(result.sha256).toBe(bodySha);
    expect(readFileSync(destination).equals(body)).toBe(true);
  });

  it('follows redirects to https only, even from a loopback link', async () => {
    const error = await downloadError(fetchToFile(local('/to-http')));
    expect(error.kind).toBe('insecure-url');
    expect(existsSync(join(folder, 'file.bin'))).toBe(false);
    expect(existsSync(partPathFor(join(folder, 'file.bin')))).toBe(false);
  });

  it('reports other statuses as http errors with the status', async () => {
    const error = await downloadError(fetchToFile(local('/missing')));
    expect(error.kind).toBe('http');
    expect(error.status).toBe(404);
    expect(error.resumable).toBe(false);
    expect(existsSync(partPathFor(join(folder, 'file.bin')))).toBe(false);
  });
});

/** Whether this process can write into a folder whose mode forbids it. */
function writesIgnoreModes(readOnly: string): boolean {
  const probe = join(readOnly, 'probe');
  try {
    writeFileSync(probe, '');
  } catch {
    return false;
  }
  rmSync(probe);
  return true;
}
