import type { Stats } from 'node:fs';
import { lstat, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { CaseAttachment } from '../../../shared/offload/schemas.ts';
import type { Logger } from '../logger.ts';
import type { CaseStore, PendingDownload } from '../store/case-store-types.ts';
import { pickFileName } from './download-target.ts';
import { partPathFor } from './fetch-to-file.ts';

// What to do, at start-up, with each `.part` the store says a download was
// writing when the app last stopped. Only parts named in the store are
// ever touched, and nothing is ever written under a final name here: a
// part is resumed under its own name (the download renames it when
// whole), moved to a free `.part` name, or removed.

export interface RecoveredPart {
  part: PendingDownload;
  attachment: CaseAttachment;
  /** Where the resumed download goes (may differ from the row's). */
  folder: string;
  fileName: string;
  bytesOnDisk: number;
}

export interface RecoveryDependencies {
  /** The attachment to resume, or undefined to remove the part. */
  attachment: (part: PendingDownload) => CaseAttachment | undefined;
  /** Final paths that downloads of this run hold. */
  reserved: () => Set<string>;
  store: CaseStore;
  logger: Logger;
}

/** Sorts the parts into those to resume and removes the others. */
export async function planRecovery(
  parts: readonly PendingDownload[],
  dependencies: RecoveryDependencies,
): Promise<{ resume: RecoveredPart[]; removed: number }> {
  const { store, logger } = dependencies;
  const resume: RecoveredPart[] = [];
  let removed = 0;
  const forget = (part: PendingDownload) =>
    store.dropPendingDownload(part.partPath);
  const remove = async (part: PendingDownload, why: string) => {
    await rm(part.partPath, { force: true });
    forget(part);
    removed += 1;
    logger.info('removed a partial download', {
      attachmentId: part.attachmentId,
      why,
    });
  };

  for (const part of parts) {
    const partStat = await statOf(part.partPath);
    // Nothing to do when the crash came before the part was created or
    // after it was renamed; anything but a `.part` file is not ours.
    if (
      partStat === undefined ||
      !partStat.isFile() ||
      !part.partPath.endsWith('.part')
    ) {
      forget(part);
      continue;
    }
    const destinationStat = await statOf(part.destination);
    if (destinationStat !== undefined && sameFile(partStat, destinationStat)) {
      // The final hard link was made, the part's own name not yet gone.
      await remove(part, 'finished before the stop');
      continue;
    }
    const attachment = dependencies.attachment(part);
    if (attachment === undefined) {
      await remove(part, 'case or attachment no longer known');
      continue;
    }

    let destination = part.destination;
    const reserved = dependencies.reserved();
    for (const planned of resume) {
      reserved.add(join(planned.folder, planned.fileName));
    }
    if (destinationStat !== undefined || reserved.has(destination)) {
      // Someone took the final name meanwhile: continue under a free one.
      const folder = dirname(destination);
      destination = join(folder, pickFileName(folder, attachment, reserved));
      await rename(part.partPath, partPathFor(destination));
      forget(part);
    }
    resume.push({
      part,
      attachment,
      folder: dirname(destination),
      fileName: basename(destination),
      bytesOnDisk: Math.min(partStat.size, attachment.size),
    });
  }
  return { resume, removed };
}

async function statOf(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch {
    return undefined;
  }
}

function sameFile(a: Stats, b: Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}
