import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DownloadRequestError,
  type DownloadJob,
} from '../../../../electron/core/downloads/download-manager.ts';
import { partPathFor } from '../../../../electron/core/downloads/fetch-to-file.ts';
import {
  MAX_FILE_NAME_BYTES,
  safeFileName,
  utf8Length,
} from '../../../../electron/core/downloads/safe-file-name.ts';
import {
  startSimulator,
  type RunningSimulator,
} from '../../../simulator/simulator.ts';
import {
  makeRig,
  managerFor,
  requestsTo,
  seedSavedCase,
  sha256Of,
  type Rig,
} from './download-rig.ts';

// The download queue end to end: the simulator's attachment and file
// routes, a real store file, real files in a temp folder.

const SIZE = 3_000_000;

let sim: RunningSimulator;
let rig: Rig;

beforeAll(async () => {
  sim = await startSimulator({ seed: 41, timeScale: 0 });
});

afterAll(async () => {
  await sim.close();
});

beforeEach(async () => {
  rig = makeRig(sim);
  await sim.admin.clearFaults();
  await sim.admin.clearRequests();
  return () => rig.remove();
});

async function expectedSha(caseId: string, attachmentId: string) {
  return (await sim.admin.expectedSha256(caseId, attachmentId)).sha256;
}

function only(jobs: DownloadJob[]): DownloadJob {
  expect(jobs).toHaveLength(1);
  return jobs[0] as DownloadJob;
}

/** Files and folders in the download folder (none when it is missing). */
function folderContents(): string[] {
  return existsSync(rig.folder) ? readdirSync(rig.folder).toSorted() : [];
}

describe('a normal download', () => {
  it('saves a file whose SHA-256 matches Offload and records it', async () => {
    const { caseId, attachmentIds } = await seedSavedCase(sim, rig, [
      { name: 'w9.pdf', size: SIZE, type: 'application/pdf' },
    ]);
    const [attachmentId = ''] = attachmentIds;
    const { manager, events } = managerFor(rig);

    const queued = only(manager.enqueue(caseId));
    expect(queued).toMatchObject({
      caseId,
      attachmentId,
      fileName: 'w9.pdf',
      state: 'queued',
      total: SIZE,
      retries: 0,
    });
    await manager.idle();

    const job = only(manager.jobs());
    const path = join(rig.folder, 'w9.pdf');
    const sha = await expectedSha(caseId, attachmentId);
    expect(job).toMatchObject({ state: 'done', path, sha256: sha });
    expect(job.bytes).toBe(SIZE);
    expect(job.finishedAt).toBeGreaterThanOrEqual(job.startedAt);
    expect(sha256Of(path)).toBe(sha);
    expect(folderContents()).toEqual(['w9.pdf']);
    expect(rig.store.downloads(caseId)).toEqual([
      expect.objectContaining({ attachmentId, path, size: SIZE, sha256: sha }),
    ]);
    expect(rig.store.pendingDownloads()).toEqual([]);

    const states = events
      .filter((event) => event.type === 'download-state')
      .map((event) => event.job.state);
    expect(states).toEqual(['queued', 'running', 'done']);
    const progress = events
      .filter((event) => event.type === 'download-progress')
      .map((event) => event.job.bytes);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress).toEqual(progress.toSorted((a, b) => a - b));
    expect(progress.at(-1)).toBe(SIZE);
  });

  it('puts files in the case folder named for its reference when asked', async () => {
    const { caseId } = await seedSavedCase(
      sim,
      rig,
      [{ name: 'w9.pdf', size: 1_000 }],
      '../PO-4411',
    );
    const { manager } = managerFor(rig, { perCaseFolder: () => true });
    manager.enqueue(caseId);
    await manager.idle();
    expect(only(manager.jobs()).path).toBe(
      join(rig.folder, 'PO-4411', 'w9.pdf'),
    );
    expect(folderContents()).toEqual(['PO-4411']);
  });

  it('queues an attachment once while it is under way', async () => {
    const { caseId } = await seedSavedCase(sim, rig, [{ size: 500_000 }]);
    const { manager } = managerFor(rig);
    const first = only(manager.enqueue(caseId));
    const second = only(manager.enqueue(caseId));
    expect(second.id).toBe(first.id);
    await manager.idle();
    expect(manager.jobs()).toHaveLength(1);
    expect((await requestsTo(sim, 'file')).length).toBe(1);
  });
});

describe('expiry and faults', () => {
  it('resumes with a Range request after a cut and an expired link', async () => {
    const { caseId, attachmentIds } = await seedSavedCase(sim, rig, [
      { name: 'big.bin', size: SIZE },
    ]);
    // The connection drops at 1 MB; the next try's link is refused as
    // expired (403), so a fresh one is fetched and the part resumed.
    await sim.admin.setFaults([
      { route: 'file', kind: 'truncate', afterBytes: 1_000_000, times: 1 },
      { route: 'file', kind: 'error', status: 403, times: 1 },
    ]);
    const { manager, events } = managerFor(rig);
    manager.enqueue(caseId);
    await manager.idle();

    const job = only(manager.jobs());
    expect(job.state).toBe('done');
    expect(job.retries).toBe(2);
    const sha = await expectedSha(caseId, attachmentIds[0] ?? '');
    expect(job.sha256).toBe(sha);
    expect(sha256Of(join(rig.folder, 'big.bin'))).toBe(sha);
    expect((await requestsTo(sim, 'file')).map((r) => r.status)).toEqual([
      200, 403, 206,
    ]);
    // One fresh link per try.
    expect(await requestsTo(sim, 'getAttachment')).toHaveLength(3);
    expect(
      events
        .filter((event) => event.type === 'download-state')
        .map((event) => event.job.state),
    ).toEqual([
      'queued',
      'running',
      'retrying',
      'running',
      'retrying',
      'running',
      'done',
    ]);
    expect(folderContents()).toEqual(['big.bin']);
  });

  it('gives up after a bounded number of links that are already expired', async () => {
    const { caseId } = await seedSavedCase(sim, rig, [{ size: 1_000 }]);
    const { manager } = managerFor(rig, {
      now: () => Date.parse('2200-01-01T00:00:00Z'),
    });
    manager.enqueue(caseId);
    await manager.idle();

    const job = only(manager.jobs());
    expect(job.state).toBe('failed');
    expect(job.error?.kind).toBe('expired');
    expect(job.error?.message).toMatch(/date and time/);
    expect(await requestsTo(sim, 'getAttachment')).toHaveLength(6);
    expect(await requestsTo(sim, 'file')).toHaveLength(0);
    expect(folderContents()).toEqual([]);
  });

  it('resumes a truncated body to the same bytes', async () => {
    const { caseId, attachmentIds } = await seedSavedCase(sim, rig, [
      { name: 'w9.pdf', size: SIZE },
    ]);
    await sim.admin.setFaults([
      { route: 'file', kind: 'truncate', afterBytes: 700_000, times: 1 },
    ]);
    const { manager } = managerFor(rig);
    manager.enqueue(caseId);
    await manager.idle();

    const job = only(manager.jobs());
    expect(job).toMatchObject({ state: 'done', retries: 1 });
    expect(sha256Of(join(rig.folder, 'w9.pdf'))).toBe(
      await expectedSha(caseId, attachmentIds[0] ?? ''),
    );
    expect((await requestsTo(sim, 'file')).map((r) => r.status)).toEqual([
      200, 206,
    ]);
  });

  it('fails a body cut on every try after its retries, leaving nothing', async () => {
    const { caseId } = await seedSavedCase(sim, rig, [{ size: SIZE }]);
    await sim.admin.setFaults([
      { route: 'file', kind: 'truncate', afterBytes: 100_000 },
    ]);
    const { manager } = managerFor(rig);
    manager.enqueue(caseId);
    await manager.idle();

    const job = only(manager.jobs());
    expect(job.state).toBe('failed');
    expect(job.error?.kind).toBe('network');
    expect(job.retries).toBe(3);
    expect(await requestsTo(sim, 'file')).toHaveLength(4);
    expect(folderContents()).toEqual([]);
    expect(rig.store.pendingDownloads()).toEqual([]);
  });

  it.each([
    ['smaller', -1],
    ['larger', 1],
  ])(
    'refuses a file %s than Offload announced, leaving nothing',
    async (_label, delta) => {
      const { caseId } = await seedSavedCase(sim, rig, [
        { name: 'w9.pdf', size: SIZE },
      ]);
      await sim.admin.setFaults([
        {
          route: 'getAttachment',
          kind: 'wrong-field',
          field: 'data.size',
          value: SIZE + delta,
        },
      ]);
      const { manager } = managerFor(rig);
      manager.enqueue(caseId);
      await manager.idle();

      const job = only(manager.jobs());
      expect(job.state).toBe('failed');
      expect(job.error?.kind).toBe('size-mismatch');
      expect(job.retries).toBe(0);
      expect(folderContents()).toEqual([]);
      expect(rig.store.downloads(caseId)).toEqual([]);
    },
  );

  it('treats ATTACHMENT_NOT_FOUND as final, without a retry', async () => {
    const { caseId } = await seedSavedCase(sim, rig, [{ size: 1_000 }]);
    await sim.admin.setFaults([
      {
        route: 'getAttachment',
        kind: 'error',
        status: 404,
        code: 'ATTACHMENT_NOT_FOUND',
      },
    ]);
    const { manager } = managerFor(rig);
    manager.enqueue(caseId);
    await manager.idle();

    const job = only(manager.jobs());
    expect(job).toMatchObject({ state: 'failed', retries: 0 });
    expect(job.error).toEqual({
      kind: 'attachment-not-found',
      message: expect.stringMatching(/no attachment/),
    });
    expect(await requestsTo(sim, 'getAttachment')).toHaveLength(1);
  });

  it('retries INTERNAL_ERROR from Offload, then downloads', async () => {
    const { caseId } = await seedSavedCase(sim, rig, [{ size: 1_000 }]);
    await sim.admin.setFaults([
      { route: 'getAttachment', kind: 'envelope-500', times: 2 },
    ]);
    const { manager } = managerFor(rig);
    manager.enqueue(caseId);
    await manager.idle();

    expect(only(manager.jobs())).toMatchObject({ state: 'done', retries: 2 });
    expect(
      (await requestsTo(sim, 'getAttachment')).map((r) => r.status),
    ).toEqual([500, 500, 200]);
  });

  it('fails with words when there is no API key', async () => {
    const { caseId } = await seedSavedCase(sim, rig, [{ size: 1_000 }]);
    const { manager } = managerFor(rig, { getClient: async () => null });
    manager.enqueue(caseId);
    await manager.idle();
    expect(only(manager.jobs()).error).toEqual({
      kind: 'no-key',
      message: expect.stringMatching(/API key/),
    });
  });
});

describe('file names', () => {
  const longName = `${Array.from({ length: 296 }, (_, i) => ['文', '😀', 'é'][i % 3]).join('')}.pdf`;

  it('writes hostile names as safe names inside the folder only', async () => {
    const table: [string | undefined, string | null][] = [
      ['../../.bashrc', 'bashrc'],
      ['C:\\Windows\\x', 'x'],
      ['CON', '_CON'],
      ['a/b', 'b'],
      [undefined, null], // no name: the attachment id
      ['invoice\n2024.pdf', 'invoice 2024.pdf'],
      ['/etc/passwd', 'passwd'],
      [longName, 'long'],
    ];
    const { caseId, attachmentIds } = await seedSavedCase(
      sim,
      rig,
      table.map(([name]) => ({
        size: 2_000,
        ...(name === undefined ? {} : { name }),
      })),
    );
    const { manager } = managerFor(rig);
    manager.enqueue(caseId);
    await manager.idle();

    const jobs = manager.jobs();
    expect(jobs.map((job) => job.state)).toEqual(table.map(() => 'done'));
    expect(jobs.map((job) => job.fileName)).toEqual(
      table.map(([, expected], index) =>
        expected === 'long'
          ? safeFileName(longName, '')
          : (expected ?? attachmentIds[index]),
      ),
    );
    const long = jobs.at(-1)?.fileName ?? '';
    expect(long.endsWith('.pdf')).toBe(true);
    expect(utf8Length(long)).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
    expect(longName.startsWith(long.slice(0, -4))).toBe(true);
    for (const [index, job] of jobs.entries()) {
      expect(job.path).toBe(join(rig.folder, job.fileName));
      expect(sha256Of(job.path ?? '')).toBe(
        await expectedSha(caseId, attachmentIds[index] ?? ''),
      );
    }
    expect(folderContents()).toEqual(
      jobs.map((job) => job.fileName).toSorted(),
    );
    // Nothing landed beside the download folder.
    expect(
      readdirSync(rig.dir).filter((name) => !name.startsWith('cases.db')),
    ).toEqual(['Downloads']);
  });

  it('never overwrites a file: name (1).pdf, name (2).pdf', async () => {
    mkdirSync(rig.folder, { recursive: true });
    writeFileSync(join(rig.folder, 'w9.pdf'), 'mine');
    const { caseId } = await seedSavedCase(sim, rig, [
      { name: 'w9.pdf', size: 1_000 },
      { name: 'w9.pdf', size: 2_000 },
    ]);
    const { manager } = managerFor(rig);
    const names = manager.enqueue(caseId).map((job) => job.fileName);
    expect(names).toEqual(['w9 (1).pdf', 'w9 (2).pdf']);
    await manager.idle();

    manager.enqueue(caseId, [manager.jobs()[0]?.attachmentId ?? '']);
    await manager.idle();
    expect(manager.jobs().map((job) => job.fileName)).toEqual([
      'w9 (1).pdf',
      'w9 (2).pdf',
      'w9 (3).pdf',
    ]);
    expect(readFileSync(join(rig.folder, 'w9.pdf'), 'utf8')).toBe('mine');
    expect(folderContents()).toEqual([
      'w9 (1).pdf',
      'w9 (2).pdf',
      'w9 (3).pdf',
      'w9.pdf',
    ]);
  });
});

describe('cancel, folders and concurrency', () => {
  it('cancels a running download and removes its partial file', async () => {
    const { caseId } = await seedSavedCase(sim, rig, [
      { name: 'big.bin', size: 50_000_000 },
      { name: 'next.bin', size: 1_000 },
    ]);
    const { manager, events } = managerFor(rig, { concurrency: 1 });
    const [running, waiting] = manager.enqueue(caseId);
    let answers: boolean[] = [];
    manager.on((event) => {
      if (event.type === 'download-progress' && answers.length === 0) {
        answers = [
          manager.cancel(event.job.id),
          manager.cancel(waiting?.id ?? ''),
        ];
      }
    });
    await manager.idle();

    expect(answers).toEqual([true, true]);
    expect(manager.jobs().map((job) => job.state)).toEqual([
      'cancelled',
      'cancelled',
    ]);
    expect(manager.cancel(running?.id ?? '')).toBe(false);
    expect(manager.cancel('no-such-job')).toBe(false);
    expect(folderContents()).toEqual([]);
    expect(rig.store.pendingDownloads()).toEqual([]);
    // The queued one never asked for a link.
    expect(await requestsTo(sim, 'getAttachment')).toHaveLength(1);
    expect(
      events.filter(
        (event) =>
          event.type === 'download-progress' &&
          event.job.id === running?.id &&
          event.job.bytes === 50_000_000,
      ),
    ).toEqual([]);
  });

  it.each([
    // Tests run as root in CI, where folder modes do not stop writes, so
    // the folders used are ones the kernel refuses to anyone: a path
    // through a regular file (ENOTDIR) and sysfs (EPERM/EACCES).
    ['a path through a regular file', 'file-system', /not a folder/],
    ['a folder the system refuses', 'no-permission', /may not write/],
  ])(
    'gives a clear error for %s, and leaves nothing',
    async (label, kind, words) => {
      const blocker = join(rig.dir, 'blocker');
      writeFileSync(blocker, 'a file, not a folder');
      const folder =
        label === 'a path through a regular file'
          ? join(blocker, 'Downloads')
          : '/sys/offload-console-download-test';
      const { caseId } = await seedSavedCase(sim, rig, [{ size: 1_000 }]);
      const { manager } = managerFor(rig, { folder: () => folder });
      manager.enqueue(caseId);
      await manager.idle();

      const job = only(manager.jobs());
      expect(job.state).toBe('failed');
      expect(job.error?.kind).toBe(kind);
      expect(job.error?.message).toMatch(words);
      expect(existsSync(folder)).toBe(false);
      expect(readFileSync(blocker, 'utf8')).toBe('a file, not a folder');
      expect(rig.store.pendingDownloads()).toEqual([]);
      expect(await requestsTo(sim, 'file')).toHaveLength(0);
    },
  );

  it('runs at most two downloads at once by default', async () => {
    const { caseId } = await seedSavedCase(
      sim,
      rig,
      Array.from({ length: 5 }, (_, i) => ({
        name: `f${i}.bin`,
        size: 200_000,
      })),
    );
    // Slow answers from the file server keep downloads overlapping.
    await sim.admin.setFaults([
      { route: 'file', kind: 'latency', latencyMs: 100 },
    ]);
    const { manager } = managerFor(rig);
    const states = new Map<string, string>();
    let most = 0;
    manager.on((event) => {
      if (event.type !== 'download-state') return;
      states.set(event.job.id, event.job.state);
      const active = [...states.values()].filter(
        (state) => state === 'running' || state === 'retrying',
      ).length;
      most = Math.max(most, active);
    });
    manager.enqueue(caseId);
    await manager.idle();

    expect(most).toBe(2);
    expect(manager.jobs().map((job) => job.state)).toEqual(
      Array(5).fill('done'),
    );
  });

  it('stops everything on close and refuses new work', async () => {
    const { caseId } = await seedSavedCase(sim, rig, [
      { size: 50_000_000 },
      { size: 1_000 },
      { size: 1_000 },
    ]);
    const { manager } = managerFor(rig);
    const closed = new Promise<void>((resolve) => {
      manager.on((event) => {
        if (event.type === 'download-progress') {
          resolve(manager.close());
        }
      });
    });
    manager.enqueue(caseId);
    await closed;

    expect(manager.jobs().every((job) => job.state !== 'queued')).toBe(true);
    expect(manager.jobs()[0]?.state).toBe('cancelled');
    expect(() => manager.enqueue(caseId)).toThrow(DownloadRequestError);
    expect(folderContents().filter((name) => name.endsWith('.part'))).toEqual(
      [],
    );
    expect(rig.store.pendingDownloads()).toEqual([]);
  });
});

describe('requests that cannot be queued', () => {
  it.each([
    ['a case never fetched', 'never-fetched-case', undefined, 'no-snapshot'],
    ['a string that is no case id', '../../etc', undefined, 'no-snapshot'],
    ['an empty case id', '', undefined, 'no-snapshot'],
    ['an unknown attachment id', null, ['att_nope'], 'unknown-attachment'],
    [
      'one unknown id among good ones',
      null,
      ['GOOD', 'x'],
      'unknown-attachment',
    ],
  ])(
    'refuses %s with a clear error and queues nothing',
    async (_label, givenCase, ids, problem) => {
      const { caseId, attachmentIds } = await seedSavedCase(sim, rig, [
        { size: 10 },
      ]);
      const { manager } = managerFor(rig);
      const wanted = ids?.map((id) =>
        id === 'GOOD' ? (attachmentIds[0] ?? '') : id,
      );
      let caught: unknown;
      try {
        manager.enqueue(givenCase ?? caseId, wanted);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DownloadRequestError);
      expect((caught as DownloadRequestError).problem).toBe(problem);
      expect((caught as Error).message).toMatch(
        problem === 'no-snapshot' ? /not been fetched/ : /no attachment "/,
      );
      expect(manager.jobs()).toEqual([]);
      await manager.idle();
    },
  );
});

describe('recover', () => {
  it('resumes parts of known attachments and removes the others', async () => {
    const { caseId, attachmentIds } = await seedSavedCase(sim, rig, [
      { name: 'w9.pdf', size: SIZE },
    ]);
    const [attachmentId = ''] = attachmentIds;
    const first = managerFor(rig).manager;
    first.enqueue(caseId);
    await first.idle();
    const whole = readFileSync(join(rig.folder, 'w9.pdf'));
    await sim.admin.clearRequests();

    // What a crash leaves: rows in the store and parts on disk.
    const destination = join(rig.folder, 'resumed.pdf');
    writeFileSync(partPathFor(destination), whole.subarray(0, 1_234_567));
    const orphan = join(rig.folder, 'orphan.pdf');
    writeFileSync(partPathFor(orphan), 'left by a case no longer watched');
    const rows = [
      { caseId, attachmentId, destination },
      { caseId: 'gone-case', attachmentId: 'att', destination: orphan },
      {
        caseId,
        attachmentId,
        destination: join(rig.folder, 'never-created.pdf'),
      },
    ];
    for (const row of rows) {
      rig.store.savePendingDownload({
        ...row,
        partPath: partPathFor(row.destination),
        expectedSize: SIZE,
        startedAt: 1,
      });
    }

    const { manager } = managerFor(rig);
    expect(await manager.recover()).toEqual({ resumed: 1, removed: 1 });
    await manager.idle();

    const job = only(manager.jobs());
    expect(job).toMatchObject({ state: 'done', fileName: 'resumed.pdf' });
    expect(job.sha256).toBe(await expectedSha(caseId, attachmentId));
    expect((await requestsTo(sim, 'file')).map((r) => r.status)).toEqual([206]);
    expect(folderContents()).toEqual(['resumed.pdf', 'w9.pdf']);
    expect(rig.store.pendingDownloads()).toEqual([]);
  });

  it('continues under a free name when the final name was taken meanwhile', async () => {
    const { caseId, attachmentIds } = await seedSavedCase(sim, rig, [
      { name: 'w9.pdf', size: 5_000 },
    ]);
    const [attachmentId = ''] = attachmentIds;
    mkdirSync(rig.folder);
    const destination = join(rig.folder, 'w9.pdf');
    writeFileSync(destination, 'someone else saved this');
    writeFileSync(partPathFor(destination), '');
    rig.store.savePendingDownload({
      caseId,
      attachmentId,
      partPath: partPathFor(destination),
      destination,
      expectedSize: 5_000,
      startedAt: 1,
    });

    const { manager } = managerFor(rig);
    expect(await manager.recover()).toEqual({ resumed: 1, removed: 0 });
    await manager.idle();
    expect(only(manager.jobs())).toMatchObject({
      state: 'done',
      fileName: 'w9 (1).pdf',
    });
    expect(readFileSync(destination, 'utf8')).toBe('someone else saved this');
    expect(folderContents()).toEqual(['w9 (1).pdf', 'w9.pdf']);
  });
});
