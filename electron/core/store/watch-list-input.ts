import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { WatchEntry } from './case-store-types.ts';
import {
  CASE_ID_PATTERN,
  MAX_LABEL_LENGTH,
  MAX_REFERENCE_LENGTH,
  StoreInputError,
  normalizeName,
} from './store-limits.ts';

// Reading the case ids a person pastes or imports. Two shapes are accepted:
//
// - plain ids, one or several per line, separated by spaces, commas or
//   semicolons (quotes and brackets are separators too, so a pasted JSON
//   array works);
// - a CSV file whose first row names its columns: a case id column
//   (`caseId`, `case_id`, `case id` or `id`) and optionally `label` and
//   `clientReferenceId` / `client_reference_id`. Fields may be quoted, with
//   commas, line breaks and doubled quotes inside. The separator is the
//   one the header row uses: comma, semicolon (spreadsheets in many
//   locales) or tab.
//
// Either way blank lines and lines starting with `#` are skipped, a UTF-8
// byte order mark and CRLF line ends are fine, and a case id given twice
// is kept once (the first; a later label or reference fills a missing
// one). Anything that is not an id is reported with its line number, and
// the rest is still read.

export interface WatchInputProblem {
  /** 1-based line where the offending text starts. */
  line: number;
  text: string;
  reason: string;
}

export interface WatchInput {
  entries: WatchEntry[];
  problems: WatchInputProblem[];
}

/** Files larger than this are refused before they are read. */
export const MAX_WATCH_FILE_BYTES = 10 * 1024 * 1024;
/** Problems beyond this many are summed up in one last problem. */
export const MAX_LISTED_PROBLEMS = 1_000;
/** Offending text is quoted up to this many characters. */
const MAX_QUOTED_TEXT = 120;

const ID_REASON =
  'not a case id: ids are 1-200 letters, digits, ".", "_", ":" or "-"';

/** A watch file that cannot be read; the message says why, for a person. */
export class WatchFileError extends Error {
  override readonly name = 'WatchFileError';
}

function headerName(field: string): string {
  return field
    .trim()
    .toLowerCase()
    .replaceAll(/[\s_-]+/g, '');
}
const ID_HEADERS = new Set(['caseid', 'id']);
const LABEL_HEADERS = new Set(['label']);
const REFERENCE_HEADERS = new Set(['clientreferenceid']);

function quoted(text: string): string {
  return text.length > MAX_QUOTED_TEXT
    ? `${text.slice(0, MAX_QUOTED_TEXT)}…`
    : text;
}

/** Collects entries (first wins) and problems (up to the cap). */
class Collector {
  readonly #entries = new Map<string, WatchEntry>();
  readonly #problems: WatchInputProblem[] = [];
  #unlisted = 0;
  #lastLine = 0;

  problem(line: number, text: string, reason: string): void {
    this.#lastLine = line;
    if (this.#problems.length >= MAX_LISTED_PROBLEMS) {
      this.#unlisted += 1;
      return;
    }
    this.#problems.push({ line, text: quoted(text), reason });
  }

  entry(line: number, caseId: string, label?: string, reference?: string) {
    if (!CASE_ID_PATTERN.test(caseId)) {
      this.problem(
        line,
        caseId,
        caseId.length > 200 ? 'longer than 200 characters' : ID_REASON,
      );
      return;
    }
    const seen = this.#entries.get(caseId);
    if (seen) {
      seen.label ??= label;
      seen.clientReferenceId ??= reference;
      return;
    }
    this.#entries.set(caseId, {
      caseId,
      ...(label === undefined ? {} : { label }),
      ...(reference === undefined ? {} : { clientReferenceId: reference }),
    });
  }

  result(): WatchInput {
    const problems = [...this.#problems];
    if (this.#unlisted > 0) {
      problems.push({
        line: this.#lastLine,
        text: '',
        reason: `${this.#unlisted} more problems not listed`,
      });
    }
    return { entries: [...this.#entries.values()], problems };
  }
}

function isSkipped(line: string): boolean {
  const trimmed = line.trim();
  return trimmed === '' || trimmed.startsWith('#');
}

/** Parses pasted or imported text into watch entries and problems. */
export function parseWatchInput(text: string): WatchInput {
  if (typeof text !== 'string') {
    throw new TypeError('parseWatchInput expects text');
  }
  const collector = new Collector();
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.includes('\u0000')) {
    collector.problem(
      1,
      '',
      'this is a binary file (a spreadsheet?), not text: save it as CSV',
    );
    return collector.result();
  }

  const lines = body.split(/\r\n|\r|\n/);
  const first = lines.findIndex((line) => !isSkipped(line));
  if (first === -1) return collector.result();
  const delimiter = headerDelimiter(lines[first] ?? '');
  const header = splitCsvLine(lines[first] ?? '', delimiter).map(headerName);
  const idColumn = header.findIndex((name) => ID_HEADERS.has(name));

  if (idColumn === -1) {
    readPlainIds(lines, collector);
  } else {
    readCsv(body, delimiter, first, header, idColumn, collector);
  }
  return collector.result();
}

function readPlainIds(lines: string[], collector: Collector): void {
  lines.forEach((line, index) => {
    if (isSkipped(line)) return;
    for (const token of line.split(/[\s,;"'[\]]+/)) {
      if (token !== '') collector.entry(index + 1, token);
    }
  });
}

function readCsv(
  body: string,
  delimiter: string,
  headerIndex: number,
  header: string[],
  idColumn: number,
  collector: Collector,
): void {
  const labelColumn = header.findIndex((name) => LABEL_HEADERS.has(name));
  const referenceColumn = header.findIndex((name) =>
    REFERENCE_HEADERS.has(name),
  );
  for (const record of csvRecords(body, delimiter)) {
    if (record.line <= headerIndex + 1) continue;
    if (record.unterminated) {
      collector.problem(
        record.line,
        record.text,
        'a quote opened here never closes; the rest of the file was not read',
      );
      return;
    }
    const caseId = (record.fields[idColumn] ?? '').trim();
    if (caseId === '') {
      collector.problem(record.line, record.text, 'no case id in this row');
      continue;
    }
    const names: (string | undefined)[] = [];
    let valid = true;
    for (const [column, field, max] of [
      [labelColumn, 'label', MAX_LABEL_LENGTH],
      [referenceColumn, 'clientReferenceId', MAX_REFERENCE_LENGTH],
    ] as const) {
      try {
        names.push(normalizeName(record.fields[column], field, max));
      } catch (error) {
        if (!(error instanceof StoreInputError)) throw error;
        collector.problem(record.line, record.text, error.message);
        valid = false;
      }
    }
    if (valid) collector.entry(record.line, caseId, names[0], names[1]);
  }
}

/** The separator a header row uses: tab, semicolon or (default) comma. */
function headerDelimiter(line: string): string {
  const outside = line.replaceAll(/"[^"]*"/g, '');
  const counts = ['\t', ';', ','].map(
    (candidate) => outside.split(candidate).length - 1,
  );
  const best = Math.max(...counts);
  if (best === 0 || counts[2] === best) return ',';
  return counts[0] === best ? '\t' : ';';
}

/** Fields of one physical line (for the header row). */
function splitCsvLine(line: string, delimiter: string): string[] {
  const [record] = csvRecords(line, delimiter);
  return record?.fields ?? [];
}

interface CsvRecord {
  /** 1-based line the record starts on. */
  line: number;
  fields: string[];
  text: string;
  unterminated: boolean;
}

/**
 * RFC 4180 records, skipping blank and `#` lines between them. Spaces
 * around a quoted field are ignored; text after its closing quote is kept.
 */
function* csvRecords(text: string, delimiter: string): Generator<CsvRecord> {
  let i = 0;
  let line = 1;
  const atLineEnd = () =>
    i >= text.length || text[i] === '\n' || text[i] === '\r';
  const skipLineEnd = () => {
    if (text[i] === '\r' && text[i + 1] === '\n') i += 1;
    if (i < text.length) i += 1;
    line += 1;
  };

  while (i < text.length) {
    const lineEnd = text.slice(i).search(/\r|\n/);
    const physical = text.slice(i, lineEnd === -1 ? undefined : i + lineEnd);
    if (isSkipped(physical)) {
      i += physical.length;
      skipLineEnd();
      continue;
    }

    const start = i;
    const startLine = line;
    const fields: string[] = [];
    let unterminated = false;
    for (;;) {
      let field = '';
      let j = i;
      while (text[j] === ' ' || text[j] === '\t') j += 1;
      if (text[j] === '"') {
        i = j + 1;
        for (;;) {
          if (i >= text.length) {
            unterminated = true;
            break;
          }
          const char = text[i] ?? '';
          if (char === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i += 1;
            break;
          }
          if (char === '\n' || (char === '\r' && text[i + 1] !== '\n')) {
            line += 1;
          }
          field += char;
          i += 1;
        }
      }
      while (!atLineEnd() && text[i] !== delimiter) {
        field += text[i];
        i += 1;
      }
      fields.push(field);
      if (unterminated || atLineEnd()) break;
      i += 1;
    }
    const recordText = text.slice(start, i);
    yield { line: startLine, fields, text: recordText, unterminated };
    if (unterminated) return;
    skipLineEnd();
  }
}

function decode(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return new TextDecoder('utf-16le').decode(bytes);
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return new TextDecoder('utf-16be').decode(bytes);
  }
  try {
    // ignoreBOM keeps a UTF-8 mark in the text; parseWatchInput drops it.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(
      bytes,
    );
  } catch {
    // Not UTF-8: most likely a spreadsheet's "CSV" in the Windows code
    // page. Ids are ASCII either way; only accents in labels differ.
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/**
 * Reads a watch-list file (at most 10 MB; UTF-8, UTF-16 with a byte order
 * mark, or Windows-1252) and parses it like pasted text.
 */
export async function readWatchFile(path: string): Promise<WatchInput> {
  const name = basename(path);
  let bytes: Uint8Array;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new WatchFileError(`${name} is not a file.`);
    if (info.size > MAX_WATCH_FILE_BYTES) throw tooLarge(name, info.size);
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof WatchFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'it does not exist'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission was denied'
          : (error as Error).message;
    throw new WatchFileError(`Could not read ${name}: ${why}.`, {
      cause: error,
    });
  }
  // The file may have grown between stat and read.
  if (bytes.length > MAX_WATCH_FILE_BYTES) throw tooLarge(name, bytes.length);
  return parseWatchInput(decode(bytes));
}

function tooLarge(name: string, size: number): WatchFileError {
  const megabytes = (size / 1024 / 1024).toFixed(1);
  return new WatchFileError(
    `${name} is ${megabytes} MB; a watch list can be at most 10 MB. ` +
      'Split it into smaller files.',
  );
}
