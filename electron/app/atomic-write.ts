import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

// Writing a file the person chose so that it is either the old file or
// the whole new one, never half: a temporary file beside it, flushed to
// disk, then renamed over it (a rename within a folder is atomic).

/** Writes `text` (UTF-8) to `path` atomically. */
export async function writeFileAtomically(
  path: string,
  text: string,
): Promise<void> {
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    const file = await open(temporary, 'wx', 0o600);
    try {
      await file.writeFile(text, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
