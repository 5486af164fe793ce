import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchToFile } from '../../electron/core/downloads/fetch-to-file.ts';
import { OffloadClient } from '../../electron/core/offload-client.ts';
import { median } from './median.ts';
import { spawnSimulator } from './simulator-process.ts';

// One 1 GiB attachment from the simulator (in its own process), fetched by
// fetchToFile and, in the same run, by `curl -o`, each from a fresh link.
// Prints the median rates, their ratio, and how far this process's resident
// memory grew while downloading (sampled every 20 ms).

const SIZE = 1024 ** 3;
const MB = 1_000_000;
const ROUNDS = 3;

export async function benchDownload(): Promise<void> {
  const sim = await spawnSimulator(4);
  const dir = mkdtempSync(join(tmpdir(), 'offload-bench-download-'));
  try {
    const seeded = await sim.admin.seedCase({
      status: 'COMPLETED',
      attachments: [{ name: 'big.bin', size: SIZE }],
    });
    const attachmentId = seeded.case.attachments[0]?.attachmentId ?? '';
    const client = new OffloadClient({ baseUrl: sim.url, apiKey: sim.apiKey });
    const expected = await sim.admin.expectedSha256(
      seeded.caseId,
      attachmentId,
    );

    // Rounds alternate curl and fetchToFile, each from a fresh link, so
    // that disk write-back and machine noise hit both sides alike.
    const curlMs: number[] = [];
    const ownMs: number[] = [];
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    for (let round = 0; round < ROUNDS; round += 1) {
      const curlLink = await client.getAttachment(seeded.caseId, attachmentId);
      const curlTarget = join(dir, 'curl.bin');
      const curlStart = performance.now();
      const curl = spawnSync('curl', [
        '-s',
        '-o',
        curlTarget,
        curlLink.downloadUrl,
      ]);
      curlMs.push(performance.now() - curlStart);
      if (curl.status !== 0 || statSync(curlTarget).size !== SIZE) {
        throw new Error('curl did not download the whole file');
      }
      rmSync(curlTarget);

      const link = await client.getAttachment(seeded.caseId, attachmentId);
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 20);
      const start = performance.now();
      const result = await fetchToFile({
        url: link.downloadUrl,
        destination: join(dir, 'console.bin'),
        expectedSize: SIZE,
        allowLoopbackHttp: true,
      });
      ownMs.push(performance.now() - start);
      clearInterval(sampler);
      if (result.sha256 !== expected.sha256) {
        throw new Error('the downloaded file does not match its SHA-256');
      }
      rmSync(result.path);
    }

    const ms = median(ownMs);
    const rate = SIZE / MB / (ms / 1000);
    const curlRate = SIZE / MB / (median(curlMs) / 1000);
    console.log(
      `download: ${rate.toFixed(0)} MB/s (ratio ${(rate / curlRate).toFixed(
        2,
      )}x vs curl ${curlRate.toFixed(0)} MB/s), 1 GiB, median of ` +
        `${ROUNDS} alternating rounds, SHA-256 checked`,
    );
    console.log(
      `download peak memory growth: ${((peak - baseline) / 1024 ** 2).toFixed(
        1,
      )} MiB`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await sim.stop();
  }
}
