import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { autoDownloadOnCompletion } from '../../../../electron/core/downloads/download-manager.ts';
import { PollEngine } from '../../../../electron/core/sync/poll-engine.ts';
import { RequestBudget } from '../../../../electron/core/sync/request-budget.ts';
import {
  startSimulator,
  type RunningSimulator,
} from '../../../simulator/simulator.ts';
import { makeRig, managerFor, type Rig } from './download-rig.ts';

// Auto-download on completion with the real poll engine: a watched case
// turns COMPLETED with attachments on the simulator, the next pass sees
// it, and its files are queued only when the setting is on.

let sim: RunningSimulator;
let rig: Rig;

beforeAll(async () => {
  sim = await startSimulator({ seed: 44, timeScale: 0 });
});

afterAll(async () => {
  await sim.close();
});

beforeEach(() => {
  rig = makeRig(sim);
  return () => rig.remove();
});

async function completeWatchedCase(
  enabled: () => boolean,
  unsubscribeFirst = false,
) {
  const engine = new PollEngine({
    store: rig.store,
    getClient: async () => rig.client,
    budget: new RequestBudget({ perSecond: 1_000 }),
    settings: { pollIntervalSeconds: 60, concurrency: 2 },
  });
  const { manager } = managerFor(rig);
  const stop = autoDownloadOnCompletion({ engine, manager, enabled });
  if (unsubscribeFirst) stop();
  const { caseId } = await sim.admin.seedCase({ status: 'RUNNING' });
  rig.store.watch([{ caseId }], 'single', Date.now());
  await engine.syncOnce();

  await sim.admin.transition(caseId, {
    to: 'COMPLETED',
    attachments: [
      { name: 'w9.pdf', size: 10_000 },
      { name: 'invoice.pdf', size: 20_000 },
    ],
  });
  await engine.syncOnce();
  await manager.idle();
  await engine.stop();
  return { manager, caseId };
}

describe('autoDownloadOnCompletion', () => {
  it('queues the attachments of a case that turns COMPLETED', async () => {
    const { manager, caseId } = await completeWatchedCase(() => true);
    expect(
      manager.jobs().map((job) => [job.caseId, job.fileName, job.state]),
    ).toEqual([
      [caseId, 'w9.pdf', 'done'],
      [caseId, 'invoice.pdf', 'done'],
    ]);
    expect(readdirSync(rig.folder).toSorted()).toEqual([
      'invoice.pdf',
      'w9.pdf',
    ]);
    expect(rig.store.downloads(caseId)).toHaveLength(2);
  });

  it('queues nothing while the setting is off', async () => {
    const { manager } = await completeWatchedCase(() => false);
    expect(manager.jobs()).toEqual([]);
    expect(existsSync(rig.folder)).toBe(false);
  });

  it('stops listening once unsubscribed', async () => {
    let asked = 0;
    const { manager } = await completeWatchedCase(() => {
      asked += 1;
      return true;
    }, true);
    expect(asked).toBe(0);
    expect(manager.jobs()).toEqual([]);
  });

  it('asks the setting at each completion, not once', async () => {
    let asked = 0;
    await completeWatchedCase(() => {
      asked += 1;
      return false;
    });
    expect(asked).toBe(1);
  });
});
