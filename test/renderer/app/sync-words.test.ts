import { expect, test } from 'vitest';
import { syncWords } from '../../../renderer/app/sync-words.ts';
import type { EngineState } from '../../../shared/sync-data.ts';

const NOW = 1_000_000;

test.each<[EngineState | null, string, string]>([
  [null, 'Connecting…', 'ok'],
  [{ connection: 'online', lastSyncAt: NOW - 12_000 }, 'Synced 12 s ago', 'ok'],
  [{ connection: 'online', lastSyncAt: null }, 'Not synced yet', 'ok'],
  [
    { connection: 'offline', lastSyncAt: NOW - 60_000 },
    'Offline, showing saved data',
    'warning',
  ],
  [
    { connection: 'key-rejected', lastSyncAt: null },
    'API key rejected',
    'danger',
  ],
  [{ connection: 'no-key', lastSyncAt: null }, 'No API key', 'danger'],
  [{ connection: 'stopped', lastSyncAt: null }, 'Sync paused', 'warning'],
])('%o reads "%s"', (state, words, tone) => {
  expect(syncWords(state, NOW)).toEqual({ words, tone });
});
