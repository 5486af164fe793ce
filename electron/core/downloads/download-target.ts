import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import type {
  CaseAttachment,
  CaseView,
} from '../../../shared/offload/schemas.ts';
import { partPathFor } from './fetch-to-file.ts';
import {
  caseFolderName,
  safeFileName,
  uniqueFileName,
} from './safe-file-name.ts';

// Where an attachment lands: the download folder, or the case's own
// folder inside it, and a safe name that no file, no part and no other
// download of this run already holds.

/** The folder for a case's files: `base`, or `base/<reference or id>`. */
export function caseDownloadFolder(
  base: string,
  perCase: boolean,
  view: Pick<CaseView, 'caseId' | 'clientReferenceId'>,
): string {
  if (!perCase) return base;
  return join(base, caseFolderName(view.clientReferenceId, view.caseId));
}

/**
 * A free, safe file name for the attachment in `folder`. A name is taken
 * when a file (or a dangling link) is there, when its `.part` is there
 * (another download, or one a crash left), or when `reserved` holds its
 * path (downloads queued in this run).
 */
export function pickFileName(
  folder: string,
  attachment: Pick<CaseAttachment, 'attachmentId' | 'name'>,
  reserved: ReadonlySet<string>,
): string {
  const wanted = safeFileName(attachment.name, attachment.attachmentId);
  return uniqueFileName(
    folder,
    wanted,
    (path) =>
      reserved.has(path) || pathTaken(path) || pathTaken(partPathFor(path)),
  );
}

/** True when anything, even a broken symlink, is at `path`. */
function pathTaken(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    // ENOENT, or a folder that cannot be read or is not a folder: the
    // download itself then fails with the real reason.
    return false;
  }
}
