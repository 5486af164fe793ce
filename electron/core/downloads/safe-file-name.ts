import { join } from 'node:path';

// File names for attachments come from counterparties' email, so they are
// untrusted: they may try to climb out of the download folder, hide their
// real extension, or use names Windows refuses. Everything here is pure so
// the same rules hold on every platform the console ships to.

/** The most UTF-8 bytes a file name may take (many file systems cap 255). */
export const MAX_FILE_NAME_BYTES = 200;

/** Used when neither the name nor the fallback leaves anything. */
const LAST_RESORT_NAME = 'download';

/** An extension longer than this is treated as part of the stem. */
const MAX_EXTENSION_BYTES = 32;

/** How many ` (n)` variants `uniqueFileName` tries before giving up. */
const MAX_VARIANTS = 10_000;

// Controls (C0, DEL, C1), line and paragraph separators, and invisible
// format characters that can reorder or hide text (the right-to-left
// override makes `gpj.exe` look like `exe.jpg`). The zero-width joiner
// stays: emoji sequences need it and it hides nothing.
const CONTROL_OR_FORMAT = /[[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]--[\u200d]]/gv;
const WINDOWS_FORBIDDEN = /[<>:"/\\|?*]/g;
// Windows reserves these device names whatever the extension, and also
// with trailing spaces before it (`CON .txt`); COM0/LPT0 and the
// superscript digits are reserved too.
const RESERVED_STEM =
  /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The UTF-8 size of a string. */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Turns an untrusted attachment name into one safe to create inside the
 * download folder: a single path segment, no control or Windows-forbidden
 * characters, not a device name, no trailing dot or space, no leading dot
 * (no hidden files, no `.`/`..`), at most 200 UTF-8 bytes with the
 * extension kept. When nothing is left, the sanitised `fallback` (the
 * attachment id) is used instead.
 */
export function safeFileName(
  untrustedName: string | undefined,
  fallback: string,
): string {
  const cleaned = cleanName(untrustedName ?? '');
  if (cleaned !== '') return cleaned;
  const cleanedFallback = cleanName(fallback);
  return cleanedFallback === '' ? LAST_RESORT_NAME : cleanedFallback;
}

/**
 * The first of `name`, `name (1).ext`, `name (2).ext`… for which `exists`
 * says no file is at that path in `folder`. Every variant stays within the
 * byte limit by shortening the stem. `name` must already be safe.
 */
export function uniqueFileName(
  folder: string,
  name: string,
  exists: (path: string) => boolean,
): string {
  if (!exists(join(folder, name))) return name;
  const { stem, extension } = splitExtension(name);
  for (let count = 1; count <= MAX_VARIANTS; count += 1) {
    const suffix = ` (${count})`;
    const budget =
      MAX_FILE_NAME_BYTES - utf8Length(suffix) - utf8Length(extension);
    const candidate = `${truncateToBytes(stem, budget)}${suffix}${extension}`;
    if (!exists(join(folder, candidate))) return candidate;
  }
  throw new Error(
    `No free file name after ${MAX_VARIANTS} tries; clear the folder.`,
  );
}

/**
 * The name of a case's own download folder: its client reference when it
 * has one, else its case id, made safe the same way as file names.
 */
export function caseFolderName(
  clientReferenceId: string | undefined,
  caseId: string,
): string {
  return safeFileName(clientReferenceId, caseId);
}

/** Applies every rule; may return ''. */
function cleanName(raw: string): string {
  // Lone surrogates would be written as U+FFFD by the file system anyway;
  // NFC keeps the byte count honest and matches what macOS stores.
  let name = raw.toWellFormed().normalize('NFC');

  // Only the last path segment counts, whichever separator was used.
  name = name.split(/[/\\]/).pop() ?? '';
  name = name.replace(/^[a-z]:/i, '');

  name = name.replace(CONTROL_OR_FORMAT, ' ');
  name = name.replace(WINDOWS_FORBIDDEN, '_');
  name = name.replace(/\s+/gu, ' ');
  name = name.replace(/^[\s.]+/u, '');
  name = trimEnd(name);

  const firstPart = name.split('.')[0] ?? '';
  if (RESERVED_STEM.test(firstPart.trimEnd())) name = `_${name}`;

  return trimEnd(fitBytes(name));
}

/** Windows drops trailing dots and spaces, so names must not end in them. */
function trimEnd(name: string): string {
  return name.replace(/[\s.]+$/u, '');
}

/** Shortens the stem so the whole name fits, keeping the extension. */
function fitBytes(name: string): string {
  if (utf8Length(name) <= MAX_FILE_NAME_BYTES) return name;
  const { stem, extension } = splitExtension(name);
  const budget = MAX_FILE_NAME_BYTES - utf8Length(extension);
  return `${trimEnd(truncateToBytes(stem, budget))}${extension}`;
}

/** `report.pdf` → `report` + `.pdf`; a too-long extension stays in the stem. */
function splitExtension(name: string): { stem: string; extension: string } {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return { stem: name, extension: '' };
  const extension = name.slice(dot);
  if (utf8Length(extension) > MAX_EXTENSION_BYTES || /\s/u.test(extension)) {
    return { stem: name, extension: '' };
  }
  return { stem: name.slice(0, dot), extension };
}

/**
 * The longest prefix of `text` within `maxBytes` of UTF-8 that ends on a
 * grapheme boundary, so no emoji, accent or surrogate pair is split.
 */
export function truncateToBytes(text: string, maxBytes: number): string {
  if (utf8Length(text) <= maxBytes) return text;
  let used = 0;
  let end = 0;
  for (const { segment } of segmenter.segment(text)) {
    const size = utf8Length(segment);
    if (used + size > maxBytes) break;
    used += size;
    end += segment.length;
  }
  if (end > 0) return text.slice(0, end);

  // A single grapheme longer than the budget (a base letter with hundreds
  // of combining marks): cut between code points instead.
  for (const codePoint of text) {
    const size = utf8Length(codePoint);
    if (used + size > maxBytes) break;
    used += size;
    end += codePoint.length;
  }
  return text.slice(0, end);
}
