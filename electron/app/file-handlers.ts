import { stat } from 'node:fs/promises';
import type { DownloadRecord } from '../../shared/case-data.ts';
import type { IpcHandlers, Opened } from '../../shared/ipc.ts';
import { safeFileName } from '../core/downloads/safe-file-name.ts';
import type { CaseStore } from '../core/store/case-store-types.ts';
import { AppError } from './app-error.ts';
import type { AppContext } from './app-context.ts';
import { writeFileAtomically } from './atomic-write.ts';
import { isRunnableFile } from './risky-file-types.ts';

// Handlers that touch files: exporting a transcript to a file the person
// picks, and the download queue with opening what it saved. Paths never
// come from the window: a saved file's path is read from the store's
// record of that download, and checked to still be a file.

type FileMethods = 'transcripts.export' | `downloads.${string}`;

/** The latest download of an attachment, if it was ever saved. */
function latestDownload(
  store: CaseStore,
  caseId: string,
  attachmentId: string,
): DownloadRecord | undefined {
  return store
    .downloads(caseId)
    .filter((record) => record.attachmentId === attachmentId)
    .reduce<DownloadRecord | undefined>(
      (latest, record) => (latest && latest.at >= record.at ? latest : record),
      undefined,
    );
}

/** The saved file's path, or why it cannot be opened. */
async function savedFile(
  store: CaseStore,
  caseId: string,
  attachmentId: string,
): Promise<{ path: string } | Opened> {
  const record = latestDownload(store, caseId, attachmentId);
  if (!record) {
    return {
      opened: false,
      message: 'This attachment has not been downloaded yet.',
    };
  }
  try {
    if ((await stat(record.path)).isFile()) return { path: record.path };
  } catch {
    // Moved or deleted since: said below.
  }
  return {
    opened: false,
    message:
      'The downloaded file is no longer where it was saved. Download it ' +
      'again.',
  };
}

export function fileHandlers(
  context: AppContext,
): Pick<IpcHandlers, Extract<keyof IpcHandlers, FileMethods>> {
  const runtime = () => context.runtime();

  return {
    'transcripts.export': async (caseId) => {
      const { store } = await runtime();
      const watched = store.watchedCase(caseId);
      const transcript = store.transcript(caseId);
      if (!watched || !transcript || transcript.text === null) {
        throw new AppError(
          'no-transcript',
          'There is no saved transcript for this case yet. Refresh the ' +
            'transcript, then export it.',
        );
      }
      const name = safeFileName(
        `${watched.label ?? watched.clientReferenceId ?? caseId} transcript.txt`,
        `${caseId}.txt`,
      );
      const path = await context.desktop.chooseSaveFile(name);
      if (path === null) return { path: null };
      await writeFileAtomically(path, transcript.text);
      return { path };
    },

    'downloads.start': async (caseId, attachmentIds) =>
      (await runtime()).downloads.enqueue(caseId, attachmentIds),

    'downloads.cancel': async (jobId) =>
      (await runtime()).downloads.cancel(jobId),

    'downloads.list': async () => (await runtime()).downloads.jobs(),

    'downloads.open': async (caseId, attachmentId) => {
      const file = await savedFile(
        (await runtime()).store,
        caseId,
        attachmentId,
      );
      if (!('path' in file)) return file;
      if (isRunnableFile(file.path)) {
        return {
          opened: false,
          message:
            'This file is a program or script, so the console does not ' +
            'open it. Use "Show in folder" if you trust it.',
        };
      }
      const problem = await context.desktop.openPath(file.path);
      return problem === ''
        ? { opened: true }
        : { opened: false, message: problem };
    },

    'downloads.showInFolder': async (caseId, attachmentId) => {
      const file = await savedFile(
        (await runtime()).store,
        caseId,
        attachmentId,
      );
      if (!('path' in file)) return file;
      context.desktop.showItemInFolder(file.path);
      return { opened: true };
    },
  };
}
