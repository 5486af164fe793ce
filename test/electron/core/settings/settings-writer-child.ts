import { openSettings } from '../../../../electron/core/settings/settings-store.ts';

// Run by settings-store.test.ts, which kills this process with SIGKILL
// while it rewrites the settings file as fast as it can: whatever instant
// the kill lands on, the file left behind must be whole.

const cwd = process.argv[2];
if (!cwd) throw new Error('usage: settings-writer-child.ts <dir>');
const { settings } = openSettings({ cwd });
for (let i = 0; ; i += 1) {
  settings.update({
    pollIntervalSeconds: 10 + (i % 3000),
    profiles: [
      {
        id: `p${i % 50}`,
        name: `Profile ${'x'.repeat(i % 200)}`,
        baseUrl: 'https://api.offload.example',
      },
    ],
  });
  // Tell the test the loop is running; the kill comes some time after.
  if (i === 20) process.stdout.write('writing\n');
}
