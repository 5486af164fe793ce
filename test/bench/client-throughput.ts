import { OffloadClient } from '../../electron/core/offload-client.ts';
import { median } from './median.ts';
import { spawnSimulator } from './simulator-process.ts';

// Reads of one case through OffloadClient (fetch + JSON + schema check)
// against the same reads with bare fetch + JSON.parse, side by side on one
// simulator in its own process. The ratio is the price of validation and error handling; the
// bare rate also shows how many reads a second the simulator serves.

const CONCURRENCY = 16;
const DURATION_MS = 3_000;

async function measure(read: () => Promise<unknown>): Promise<number> {
  const deadline = performance.now() + DURATION_MS;
  let done = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        await read();
        done += 1;
      }
    }),
  );
  return done / (DURATION_MS / 1000);
}

export async function benchClient(): Promise<void> {
  const sim = await spawnSimulator(3);
  try {
    const { caseId } = await sim.admin.seedCase({
      status: 'COMPLETED',
      attachments: [{ name: 'w9.pdf', size: 904_860 }],
    });
    const client = new OffloadClient({ baseUrl: sim.url, apiKey: sim.apiKey });
    const bare = async () => {
      const response = await fetch(`${sim.url}/cases/${caseId}`, {
        headers: { 'x-api-key': sim.apiKey },
      });
      return JSON.parse(await response.text()) as unknown;
    };
    const typed = () => client.getCase(caseId);

    // Warm both paths (JIT, keep-alive sockets), then alternate rounds so
    // that drift on a noisy machine hits both sides alike.
    await measure(bare);
    await measure(typed);
    const bareRates: number[] = [];
    const typedRates: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      bareRates.push(await measure(bare));
      typedRates.push(await measure(typed));
    }
    const bareRate = median(bareRates);
    const typedRate = median(typedRates);
    console.log(
      `client getCase: ${typedRate.toFixed(0)} req/s ` +
        `(ratio ${(typedRate / bareRate).toFixed(2)}x vs bare fetch ` +
        `${bareRate.toFixed(0)} req/s, ${CONCURRENCY} in flight)`,
    );
  } finally {
    await sim.stop();
  }
}
