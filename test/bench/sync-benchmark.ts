import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OffloadClient } from '../../electron/core/offload-client.ts';
import { openCaseStore } from '../../electron/core/store/case-store.ts';
import { PollEngine } from '../../electron/core/sync/poll-engine.ts';
import { RequestBudget } from '../../electron/core/sync/request-budget.ts';
import type { SimulatorAdmin } from '../simulator/admin-client.ts';
import { spawnSimulator } from './simulator-process.ts';

// One full sync of 10 000 watched cases (the CLI `sync`) through the
// real engine, client and SQLite store, against the simulator in its own
// process, side by side with the obvious peer: a shell loop running curl
// once per case. The curl loop runs over a sample and is extrapolated
// linearly, since 10 000 sequential curl processes take minutes.

const CASES = 10_000;
const CURL_SAMPLE = 300;
const CONCURRENCY = 16;
/** High enough that the budget is not what is measured. */
const BUDGET_PER_SECOND = 2_000;
const SEED_PARALLEL = 32;

/** A watch list as it tends to look: mostly active, some finished. */
const MIX = [
  { share: 0.4, status: 'RUNNING' },
  { share: 0.25, status: 'CREATED' },
  { share: 0.25, status: 'INPUT_NEEDED' },
  { share: 0.06, status: 'COMPLETED' },
  { share: 0.04, status: 'FAILED' },
] as const;

function statusFor(index: number): (typeof MIX)[number]['status'] {
  const position = (index % 100) / 100;
  let edge = 0;
  for (const part of MIX) {
    edge += part.share;
    if (position < edge) return part.status;
  }
  return 'RUNNING';
}

async function seedCases(admin: SimulatorAdmin): Promise<string[]> {
  const ids = Array.from({ length: CASES }, () => '');
  let next = 0;
  await Promise.all(
    Array.from({ length: SEED_PARALLEL }, async () => {
      for (let index = next++; index < CASES; index = next++) {
        const { caseId } = await admin.seedCase({ status: statusFor(index) });
        ids[index] = caseId;
      }
    }),
  );
  return ids;
}

/** Samples RSS while `work` runs; resolves with its result and the peak. */
async function withPeakRss<T>(
  work: () => Promise<T>,
): Promise<{ result: T; peakGrowth: number }> {
  const before = process.memoryUsage.rss();
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, peakGrowth: peak - before };
  } finally {
    clearInterval(timer);
  }
}

/** Runs the curl loop over `ids`; the key goes through a 0600 file. */
async function curlLoop(
  dir: string,
  url: string,
  apiKey: string,
  ids: string[],
): Promise<number> {
  const header = join(dir, 'curl-header');
  writeFileSync(header, `x-api-key: ${apiKey}\n`, { mode: 0o600 });
  const list = join(dir, 'case-ids');
  writeFileSync(list, `${ids.join('\n')}\n`);
  const script =
    'while read -r id; do ' +
    'curl -s -H @"$HEADER" "$BASE/cases/$id" > /dev/null; ' +
    'done < "$LIST"';
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn('bash', ['-c', script], {
      env: { ...process.env, HEADER: header, LIST: list, BASE: url },
      stdio: 'inherit',
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`curl loop exited ${code}`)),
    );
  });
  return performance.now() - started;
}

export async function benchSync(): Promise<void> {
  const sim = await spawnSimulator(9);
  const dir = mkdtempSync(join(tmpdir(), 'offload-bench-sync-'));
  const { store } = openCaseStore(join(dir, 'cases.sqlite'));
  try {
    const seedStarted = performance.now();
    const ids = await seedCases(sim.admin);
    store.watch(
      ids.map((caseId) => ({ caseId })),
      'cli',
      Date.now(),
    );
    const seedMs = performance.now() - seedStarted;

    const client = new OffloadClient({ baseUrl: sim.url, apiKey: sim.apiKey });
    const engine = new PollEngine({
      store,
      getClient: async () => client,
      budget: new RequestBudget({ perSecond: BUDGET_PER_SECOND, burst: 20 }),
      settings: { pollIntervalSeconds: 60, concurrency: CONCURRENCY },
    });
    const started = performance.now();
    const { result: summary, peakGrowth } = await withPeakRss(() =>
      engine.syncOnce(),
    );
    const syncMs = performance.now() - started;
    await engine.stop();
    if (summary.fetched !== CASES) {
      throw new Error(
        `The sync read ${summary.fetched} of ${CASES} cases: ${JSON.stringify(summary)}`,
      );
    }

    // What the same reads cost through the client alone, without the
    // store and the engine: the share of the time that is theirs.
    const readsStarted = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let index = next++; index < CASES; index = next++) {
          await client.getCase(ids[index] ?? '');
        }
      }),
    );
    const readsMs = performance.now() - readsStarted;

    const sample = ids.slice(0, CURL_SAMPLE);
    const curlSampleMs = await curlLoop(dir, sim.url, sim.apiKey, sample);
    const curlMs = (curlSampleMs * CASES) / CURL_SAMPLE;

    console.log(
      `sync: ${syncMs.toFixed(0)} ms for ${CASES} cases, ` +
        `${summary.requests} requests (minimum ${CASES}) ` +
        `(ratio ${(curlMs / syncMs).toFixed(1)}x vs curl loop)`,
    );
    console.log(
      `  curl loop: ${curlSampleMs.toFixed(0)} ms for a sample of ` +
        `${CURL_SAMPLE} cases, extrapolated linearly to ` +
        `${curlMs.toFixed(0)} ms for ${CASES}`,
    );
    console.log(
      `  the same ${CASES} reads through the client alone (no store, no ` +
        `budget): ${readsMs.toFixed(0)} ms`,
    );
    console.log(
      `  ${summary.transcriptsFetched} final transcripts of terminal cases ` +
        `included; concurrency ${CONCURRENCY}, budget ` +
        `${BUDGET_PER_SECOND} req/s; peak RSS growth ` +
        `${(peakGrowth / 2 ** 20).toFixed(1)} MiB; seeding took ` +
        `${(seedMs / 1000).toFixed(1)} s`,
    );
  } finally {
    store.close();
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
