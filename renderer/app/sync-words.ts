import type { EngineState } from '../../shared/sync-data.ts';
import { relativeTime } from '../format/relative-time.ts';

// The header's one line about syncing, in words a person can act on.

export type SyncTone = 'ok' | 'warning' | 'danger';

/** The sync state in words and the tone to show it in. */
export function syncWords(
  state: EngineState | null,
  now: number,
): { words: string; tone: SyncTone } {
  if (state === null) return { words: 'Connecting…', tone: 'ok' };
  switch (state.connection) {
    case 'online':
      return state.lastSyncAt === null
        ? { words: 'Not synced yet', tone: 'ok' }
        : {
            words: `Synced ${relativeTime(state.lastSyncAt, now)}`,
            tone: 'ok',
          };
    case 'offline':
      return { words: 'Offline, showing saved data', tone: 'warning' };
    case 'key-rejected':
      return { words: 'API key rejected', tone: 'danger' };
    case 'no-key':
      return { words: 'No API key', tone: 'danger' };
    case 'stopped':
      return { words: 'Sync paused', tone: 'warning' };
    default:
      return { words: String(state.connection), tone: 'warning' };
  }
}
