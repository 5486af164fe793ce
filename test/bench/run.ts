import { parseArgs } from 'node:util';
import { benchClient } from './client-throughput.ts';
import { benchDownload } from './download-benchmark.ts';
import { benchOpen, benchSearch } from './store-benchmarks.ts';
import { benchSync } from './sync-benchmark.ts';
import { benchUi } from './ui-benchmark.ts';

// `npm run bench -- <name>`: runs one benchmark, or all when none is named.
// Each benchmark measures a peer in the same run and prints ratios, since
// absolute timings on shared machines are noise.

const BENCHMARKS: Record<string, () => Promise<void>> = {
  client: benchClient,
  sync: benchSync,
  search: benchSearch,
  open: benchOpen,
  download: benchDownload,
  ui: benchUi,
};

const { positionals } = parseArgs({ allowPositionals: true });
const names = positionals.length > 0 ? positionals : Object.keys(BENCHMARKS);
for (const name of names) {
  const run = BENCHMARKS[name];
  if (!run) {
    console.error(
      `Unknown benchmark "${name}". Known: ${Object.keys(BENCHMARKS).join(', ')}.`,
    );
    process.exit(2);
  }
  await run();
}
