import { existsSync, readFileSync, renameSync } from 'node:fs';
import { Settings, settingsFieldPath } from '../../../shared/settings.ts';

// The settings file is checked before conf opens it. conf would throw on a
// file it cannot parse or validate (or, with clearInvalidConfig, silently
// wipe it); the console instead keeps the damaged file beside the new one,
// so a person can still recover what it held, and starts from defaults.

/** A settings file that could not be used and where it was kept. */
export interface RecoveredSettings {
  movedTo: string;
  reason: string;
}

/** Why the file cannot be used, or null when it can (or does not exist). */
export function settingsFileProblem(file: string): string | null {
  if (!existsSync(file)) return null;
  // Read errors (a directory, no permission) are not damage: they throw.
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') return 'the file is empty';

  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // JSON.parse's own message quotes the file; the reason must not.
    return 'the file is not valid JSON (damaged or cut short)';
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return 'the file does not hold a JSON object';
  }
  const parsed = Settings.safeParse(data);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  const field = issue ? settingsFieldPath(issue.path) : '';
  return `${field || 'settings'}: ${issue?.message ?? 'invalid'}`;
}

/** A name beside `file` that is not taken yet, stamped with the time. */
function asideName(file: string, now: Date): string {
  // ISO 8601 with '-' for ':', which Windows does not allow in file names.
  const base = `${file}.corrupt-${now.toISOString().replaceAll(':', '-')}`;
  let candidate = base;
  for (let n = 2; existsSync(candidate); n += 1) candidate = `${base}-${n}`;
  return candidate;
}

/**
 * Moves a damaged settings file aside (never deletes it) and says where
 * and why; returns null when the file is usable or absent.
 */
export function setAsideIfCorrupt(
  file: string,
  now: Date,
): RecoveredSettings | null {
  const reason = settingsFileProblem(file);
  if (reason === null) return null;
  const movedTo = asideName(file, now);
  renameSync(file, movedTo);
  return { movedTo, reason };
}
