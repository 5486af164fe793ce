import { silentLogger, type Logger } from '../logger.ts';
import type { SyncEvent } from '../sync/sync-events.ts';
import type { DownloadManager } from './download-manager.ts';

// Auto-download on completion (a setting, off by default): when the poll
// engine reports a case turning COMPLETED with attachments, they are
// queued. The engine announces each completion once, across restarts, so
// a case's files are queued once.

export interface AutoDownloadOptions {
  /** The poll engine (anything with its `on`). */
  engine: { on(listener: (event: SyncEvent) => void): () => void };
  manager: Pick<DownloadManager, 'enqueue'>;
  /** settings.autoDownloadOnCompletion, read at each completion. */
  enabled: () => boolean;
  logger?: Logger;
}

/** Queues attachments when a case turns COMPLETED and the setting is on. */
export function autoDownloadOnCompletion(
  options: AutoDownloadOptions,
): () => void {
  const log = (options.logger ?? silentLogger).child('auto-download');
  return options.engine.on((event) => {
    if (event.type !== 'completed') return;
    if (event.view.attachments.length === 0 || !options.enabled()) return;
    try {
      const jobs = options.manager.enqueue(event.caseId);
      log.info('queued the attachments of a completed case', {
        caseId: event.caseId,
        files: jobs.length,
      });
    } catch (error) {
      log.warn('could not queue the attachments of a completed case', {
        caseId: event.caseId,
        error,
      });
    }
  });
}
