import { DatabaseSync } from 'node:sqlite';
import type { Logger } from '../logger.ts';
import type {
  CaseStore,
  WatchSource,
  WatchedCase,
} from './case-store-types.ts';

// Offload has no list endpoint, so the watch list is the one thing in a
// damaged store that the API cannot give back. Before a fresh store is
// refilled from the API, we read what rows of the list we still can from
// the file that was moved aside; damage usually hits other pages (the big
// transcript and index pages), and every case read back is one the person
// does not have to find and paste again.

const SOURCES = new Set<string>([
  'single',
  'paste',
  'file',
  'cli',
  'deep-link',
]);

type Salvaged = Omit<WatchedCase, 'flag'>;

/** The watch-list rows still readable in a damaged store, in order. */
export function readWatchList(damagedPath: string, logger: Logger): Salvaged[] {
  const rows: Salvaged[] = [];
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(damagedPath, { readOnly: true });
    const statement = db.prepare(
      `SELECT case_id, label, client_reference_id, added_at, added_how
       FROM watched_cases ORDER BY id`,
    );
    for (const row of statement.iterate()) {
      const how = String(row['added_how']);
      rows.push({
        caseId: String(row['case_id']),
        label: row['label'] === null ? undefined : String(row['label']),
        clientReferenceId:
          row['client_reference_id'] === null
            ? undefined
            : String(row['client_reference_id']),
        addedAt: Number(row['added_at']) || 0,
        addedHow: (SOURCES.has(how) ? how : 'file') as WatchSource,
      });
    }
  } catch (error) {
    // Whatever was read before the damage is still worth keeping.
    logger.warn('watch list only partly readable in the damaged store', {
      read: rows.length,
      error,
    });
  } finally {
    db?.close();
  }
  return rows;
}

/** Puts salvaged rows on the fresh store's list; returns how many. */
export function restoreWatchList(
  store: CaseStore,
  rows: readonly Salvaged[],
  logger: Logger,
): number {
  let restored = 0;
  store.batch(() => {
    for (const row of rows) {
      try {
        const { caseId, label, clientReferenceId } = row;
        const { added } = store.watch(
          [{ caseId, label, clientReferenceId }],
          row.addedHow,
          row.addedAt,
        );
        restored += added.length;
      } catch (error) {
        // A row garbled by the damage is skipped, not a reason to fail.
        logger.warn('skipped an unreadable watch-list row', { error });
      }
    }
  });
  return restored;
}
