import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Logger } from '../logger.ts';
import {
  MIGRATIONS,
  STORE_APPLICATION_ID,
  StoreVersionError,
  migrate,
  schemaVersion,
} from './store-migrations.ts';

// Opening the store's SQLite file: integrity check, ownership and version
// checks, connection settings, migrations. A file SQLite cannot read, or
// one that fails the integrity check, is moved aside with its -wal and
// -shm files (never deleted: it may still hold something a person wants)
// and a fresh file takes its place, to be refilled from the API.
//
// The full check (`PRAGMA quick_check`) reads every page: about 100 ms for
// 10,000 cases without transcripts, seconds once there are 10,000 long
// transcripts. With `integrityCheck: 'daily'` it runs when the last one is
// a day old, and other opens make a light check instead (header, schema,
// length), which catches a file that is not a database, a destroyed
// header or schema, and truncation, but not garbage inside a page; SQLite
// still reports such a page as SQLITE_CORRUPT when it is read.

/** How long a write waits for another connection (the CLI) to finish. */
export const BUSY_TIMEOUT_MS = 5_000;

// SQLite primary result codes meaning "this file is damaged or is not a
// database" (https://www.sqlite.org/rescode.html).
const SQLITE_CORRUPT = 11;
const SQLITE_NOTADB = 26;

/** The file is a SQLite database, but not an Offload Console store. */
export class StoreForeignFileError extends Error {
  override readonly name = 'StoreForeignFileError';

  constructor(path: string) {
    super(
      `${path} is a SQLite database that does not belong to Offload ` +
        'Console; it was left as it is. Choose another data directory.',
    );
  }
}

/** When the whole file is checked: on every open, or once a day. */
export type IntegrityCheck = 'every-open' | 'daily';
export const FULL_CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000;
const LAST_FULL_CHECK_KEY = 'last_full_check_at';

export interface OpenedDatabase {
  db: DatabaseSync;
  recovered: { movedTo: string; reason: string } | null;
}

/**
 * Opens (creating if needed) the store file at `path`, ready for use: the
 * schema is current and the connection is configured.
 */
export function openStoreDatabase(
  path: string,
  logger: Logger,
  now: () => number,
  policy: IntegrityCheck = 'every-open',
): OpenedDatabase {
  mkdirSync(dirname(path), { recursive: true });
  const openedAt = now();
  const checked = damage(path, policy, openedAt);
  let recovered: OpenedDatabase['recovered'] = null;
  if (checked.reason !== null) {
    const movedTo = moveAside(path, openedAt);
    logger.warn('case store was damaged; moved aside, starting a fresh one', {
      movedTo,
      reason: checked.reason,
    });
    recovered = { movedTo, reason: checked.reason };
  }
  const db = openReadWrite(path, logger);
  if (checked.checkedWholeFile || recovered !== null) {
    db.prepare(
      `INSERT INTO store_meta (key, value) VALUES (?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    ).run(LAST_FULL_CHECK_KEY, String(openedAt));
  }
  return { db, recovered };
}

function openReadWrite(path: string, logger: Logger): DatabaseSync {
  const db = new DatabaseSync(path, {
    timeout: BUSY_TIMEOUT_MS,
    enableForeignKeyConstraints: true,
  });
  return prepareDatabase(db, path, logger);
}

function sqliteResultCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { errcode?: unknown }).errcode;
  // Extended codes keep the primary code in the low byte.
  return typeof code === 'number' ? code & 0xff : undefined;
}

/** True for errors meaning the file is damaged or not a database at all. */
export function isCorruptionError(error: unknown): boolean {
  const code = sqliteResultCode(error);
  return code === SQLITE_CORRUPT || code === SQLITE_NOTADB;
}

/**
 * Why the file is damaged, or null when it is sound or absent, and whether
 * the whole file was read (a new file counts: there is nothing to read).
 * The check runs on a read-only connection because closing a read-write
 * one checkpoints and deletes the -wal file, which would change the
 * evidence we keep. Errors other than damage (permissions, a lock held too
 * long) are thrown: moving a healthy file aside would lose data.
 */
function damage(
  path: string,
  policy: IntegrityCheck,
  at: number,
): { reason: string | null; checkedWholeFile: boolean } {
  if (!existsSync(path)) return { reason: null, checkedWholeFile: true };
  const info = statSync(path);
  if (!info.isFile()) {
    throw new Error(`The case store path ${path} is not a file.`);
  }
  if (info.size === 0) return { reason: null, checkedWholeFile: true };
  const db = new DatabaseSync(path, {
    readOnly: true,
    timeout: BUSY_TIMEOUT_MS,
  });
  try {
    const full = policy === 'every-open' || fullCheckDue(db, at);
    const problems = full ? quickCheck(db) : lightCheck(db, path);
    return {
      reason:
        problems.length === 0
          ? null
          : `integrity check failed: ${problems.slice(0, 3).join('; ')}`,
      checkedWholeFile: full,
    };
  } catch (error) {
    if (isCorruptionError(error)) {
      return { reason: (error as Error).message, checkedWholeFile: false };
    }
    throw error;
  } finally {
    db.close();
  }
}

function fullCheckDue(db: DatabaseSync, at: number): boolean {
  try {
    const row = db
      .prepare('SELECT value FROM store_meta WHERE key = ?')
      .get(LAST_FULL_CHECK_KEY);
    const last = Number(row?.['value']);
    return !Number.isFinite(last) || at - last >= FULL_CHECK_INTERVAL_MS;
  } catch {
    // No meta table (a file from before it, or not ours) or unreadable:
    // the full check decides.
    return true;
  }
}

/** `PRAGMA quick_check`: every page and every b-tree; its problem lines. */
function quickCheck(db: DatabaseSync): string[] {
  return db
    .prepare('PRAGMA quick_check')
    .all()
    .map((row) => String(row['quick_check']))
    .filter((line) => line !== 'ok');
}

/**
 * Reads the header and the schema (SQLite loads the schema to run any
 * statement, and reports pages missing or damaged there as SQLITE_CORRUPT)
 * and compares the length on disk with the header's page count.
 */
function lightCheck(db: DatabaseSync, path: string): string[] {
  const pageSize = Number(db.prepare('PRAGMA page_size').get()?.['page_size']);
  const pages = Number(db.prepare('PRAGMA page_count').get()?.['page_count']);
  // Pages not yet copied back from the WAL may be missing from the main
  // file, so the two together must hold at least the pages the header has.
  const walPath = `${path}-wal`;
  const onDisk =
    statSync(path).size + (existsSync(walPath) ? statSync(walPath).size : 0);
  if (pages * pageSize > onDisk) {
    return [`the file is shorter than its ${pages} pages`];
  }
  db.prepare('SELECT count(*) FROM sqlite_schema').get();
  return [];
}

/** Ownership and version checks, connection settings, then migrations. */
function prepareDatabase(
  db: DatabaseSync,
  path: string,
  logger: Logger,
): DatabaseSync {
  try {
    // Checked before anything is written, so that a file that is not ours
    // or is newer than this code stays byte for byte as it was.
    const applicationId = Number(
      db.prepare('PRAGMA application_id').get()?.['application_id'] ?? 0,
    );
    const tableCount = Number(
      db.prepare('SELECT count(*) AS n FROM sqlite_schema').get()?.['n'] ?? 0,
    );
    const ours =
      applicationId === STORE_APPLICATION_ID ||
      (applicationId === 0 && tableCount === 0);
    if (!ours) throw new StoreForeignFileError(path);
    const version = schemaVersion(db);
    if (version > MIGRATIONS.length) {
      throw new StoreVersionError(version, MIGRATIONS.length);
    }

    const mode = db.prepare('PRAGMA journal_mode = WAL').get();
    if (mode?.['journal_mode'] !== 'wal') {
      // Some network file systems cannot share memory for WAL; the store
      // still works in the mode SQLite kept, only with less concurrency.
      logger.warn('case store could not use WAL mode', {
        mode: mode?.['journal_mode'],
      });
    }
    db.exec('PRAGMA synchronous = NORMAL');
    // A sync pass commits once per case, each commit writing new search
    // index pages; checkpointing the WAL every 10,000 pages (about 40 MB)
    // instead of SQLite's 1,000 cut the write time of a 10,000-case pass
    // from 5.2 s to 3.2 s here, for a larger -wal file between checkpoints.
    db.exec('PRAGMA wal_autocheckpoint = 10000');
    db.exec('PRAGMA foreign_keys = ON');
    migrate(db, MIGRATIONS, logger);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Renames the file and its -wal/-shm companions to
 * `<name>.corrupt-<ISO time>`. The time has ":" and "." replaced by "-"
 * because Windows forbids ":" in file names.
 */
function moveAside(path: string, at: number): string {
  const stamp = new Date(at).toISOString().replaceAll(/[:.]/g, '-');
  let target = `${path}.corrupt-${stamp}`;
  for (let n = 2; existsSync(target); n += 1) {
    target = `${path}.corrupt-${stamp}-${n}`;
  }
  renameSync(path, target);
  for (const suffix of ['-wal', '-shm', '-journal']) {
    if (existsSync(path + suffix)) renameSync(path + suffix, target + suffix);
  }
  return target;
}
