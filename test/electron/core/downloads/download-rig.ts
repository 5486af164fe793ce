import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DownloadManager,
  type DownloadManagerOptions,
} from '../../../../electron/core/downloads/download-manager.ts';
import type { DownloadEvent } from '../../../../electron/core/downloads/download-job.ts';
import { OffloadClient } from '../../../../electron/core/offload-client.ts';
import { openCaseStore } from '../../../../electron/core/store/case-store.ts';
import type { CaseStore } from '../../../../electron/core/store/case-store-types.ts';
import type { RunningSimulator } from '../../../simulator/simulator.ts';

// Shared parts of the download tests: a real store in a temp folder, a
// real client against the simulator (retrying nothing itself, so that the
// queue's own retries are what a test sees), cases seeded as COMPLETED
// with attachments and saved as the poll engine would save them.

export interface AttachmentSeed {
  name?: string;
  size: number;
  type?: string;
}

export interface Rig {
  dir: string;
  folder: string;
  store: CaseStore;
  client: OffloadClient;
  remove(): void;
}

/** A temp folder with a store file and an empty download folder. */
export function makeRig(sim: RunningSimulator): Rig {
  const dir = mkdtempSync(join(tmpdir(), 'offload-downloads-'));
  const rig: Rig = {
    dir,
    folder: join(dir, 'Downloads'),
    store: openCaseStore(join(dir, 'cases.db')).store,
    client: clientFor(sim),
    remove: () => {
      // A test may have swapped the store for a reopened one.
      rig.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return rig;
}

/** A client that tries each call once. */
export function clientFor(sim: RunningSimulator): OffloadClient {
  return new OffloadClient({
    baseUrl: sim.url,
    apiKey: sim.apiKey,
    backoff: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
  });
}

/** Seeds a COMPLETED case, watches it and saves its snapshot. */
export async function seedSavedCase(
  sim: RunningSimulator,
  rig: Pick<Rig, 'store' | 'client'>,
  attachments: AttachmentSeed[],
  clientReferenceId?: string,
): Promise<{ caseId: string; attachmentIds: string[] }> {
  const seeded = await sim.admin.seedCase({
    status: 'COMPLETED',
    attachments,
    ...(clientReferenceId === undefined ? {} : { clientReferenceId }),
  });
  rig.store.watch([{ caseId: seeded.caseId }], 'single', Date.now());
  rig.store.saveSnapshot(await rig.client.getCase(seeded.caseId), Date.now());
  return {
    caseId: seeded.caseId,
    attachmentIds: seeded.case.attachments.map((item) => item.attachmentId),
  };
}

/** A manager on the rig with tiny retry delays, and the events it sent. */
export function managerFor(
  rig: Rig,
  overrides: Partial<DownloadManagerOptions> = {},
): { manager: DownloadManager; events: DownloadEvent[] } {
  const manager = new DownloadManager({
    store: rig.store,
    getClient: async () => rig.client,
    folder: () => rig.folder,
    perCaseFolder: () => false,
    allowLoopbackHttp: () => true,
    retry: { maxAttempts: 4, baseDelayMs: 1 },
    ...overrides,
  });
  const events: DownloadEvent[] = [];
  manager.on((event) => events.push(event));
  return { manager, events };
}

export function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The requests the simulator logged for one route. */
export async function requestsTo(
  sim: RunningSimulator,
  route: string,
): Promise<{ status: number | null; path: string }[]> {
  const { requests } = await sim.admin.requests();
  return requests.filter((request) => request.route === route);
}
