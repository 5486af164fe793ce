import { writeSync } from 'node:fs';
import { DownloadManager } from '../../../../electron/core/downloads/download-manager.ts';
import { OffloadClient } from '../../../../electron/core/offload-client.ts';
import { openCaseStore } from '../../../../electron/core/store/case-store.ts';

// Run by download-crash.test.ts: starts a download and, once a few MB are
// on disk, says so and freezes (the event loop blocked, mid-transfer)
// until the test kills it with SIGKILL.

const [storePath, folder, baseUrl, apiKey, caseId] = process.argv.slice(2);
if (!storePath || !folder || !baseUrl || !apiKey || !caseId) {
  throw new Error(
    'usage: download-crash-child.ts <store> <folder> <url> <key> <caseId>',
  );
}
const { store } = openCaseStore(storePath);
const client = new OffloadClient({ baseUrl, apiKey });
const manager = new DownloadManager({
  store,
  getClient: async () => client,
  folder: () => folder,
  perCaseFolder: () => false,
  allowLoopbackHttp: () => true,
});
manager.on((event) => {
  if (event.type !== 'download-progress' || event.job.bytes < 2_000_000) {
    return;
  }
  writeSync(1, 'downloading\n');
  // Blocks this thread: no byte more is written, no rename can happen.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
});
manager.enqueue(caseId);
