import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { partPathFor } from '../../../../electron/core/downloads/fetch-to-file.ts';
import { openCaseStore } from '../../../../electron/core/store/case-store.ts';
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

// A download killed with SIGKILL in the middle (a real child process, its
// event loop frozen mid-transfer), then a fresh start's recover(): no file
// ever appears under the final name before it is whole, and the part is
// resumed to the right bytes or removed.

const SIZE = 128 * 1024 * 1024;

let sim: RunningSimulator;
let rig: Rig;

beforeAll(async () => {
  sim = await startSimulator({ seed: 43, timeScale: 0 });
});

afterAll(async () => {
  await sim.close();
});

beforeEach(() => {
  rig = makeRig(sim);
  return () => rig.remove();
});

/** Runs the child on the rig's store until it is mid-download, kills it. */
async function crashMidDownload(caseId: string): Promise<void> {
  const storePath = rig.store.path;
  rig.store.close();
  const child = spawn(
    process.execPath,
    [
      join(import.meta.dirname, 'download-crash-child.ts'),
      storePath,
      rig.folder,
      sim.url,
      sim.apiKey,
      caseId,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_code, signal) => resolve(signal)),
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', () => reject(new Error('the child ended by itself')));
  });
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  rig.store = openCaseStore(storePath).store;
}

describe('a download killed mid-way', () => {
  it('leaves only a part, which the next start resumes to the right bytes', async () => {
    const { caseId, attachmentIds } = await seedSavedCase(sim, rig, [
      { name: 'archive.zip', size: SIZE },
    ]);
    await crashMidDownload(caseId);

    const destination = join(rig.folder, 'archive.zip');
    expect(existsSync(destination)).toBe(false);
    const partSize = statSync(partPathFor(destination)).size;
    expect(partSize).toBeGreaterThan(0);
    expect(partSize).toBeLessThan(SIZE);
    expect(rig.store.pendingDownloads()).toEqual([
      expect.objectContaining({
        caseId,
        partPath: partPathFor(destination),
        destination,
        expectedSize: SIZE,
      }),
    ]);

    await sim.admin.clearRequests();
    const { manager } = managerFor(rig);
    expect(await manager.recover()).toEqual({ resumed: 1, removed: 0 });
    await manager.idle();

    const expected = await sim.admin.expectedSha256(
      caseId,
      attachmentIds[0] ?? '',
    );
    expect(manager.jobs()[0]).toMatchObject({
      state: 'done',
      path: destination,
      sha256: expected.sha256,
    });
    expect(sha256Of(destination)).toBe(expected.sha256);
    expect(readdirSync(rig.folder)).toEqual(['archive.zip']);
    expect(rig.store.pendingDownloads()).toEqual([]);
    // Resumed, not restarted: one ranged request.
    expect((await requestsTo(sim, 'file')).map((r) => r.status)).toEqual([206]);
  });

  it('removes the part when its case is no longer watched', async () => {
    const { caseId } = await seedSavedCase(sim, rig, [
      { name: 'archive.zip', size: SIZE },
    ]);
    await crashMidDownload(caseId);
    rig.store.unwatch([caseId]);

    const { manager } = managerFor(rig);
    expect(await manager.recover()).toEqual({ resumed: 0, removed: 1 });
    await manager.idle();
    expect(manager.jobs()).toEqual([]);
    expect(readdirSync(rig.folder)).toEqual([]);
    expect(rig.store.pendingDownloads()).toEqual([]);
  });
});
