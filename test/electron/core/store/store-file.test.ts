import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  closeSync,
  copyFileSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCaseStore } from '../../../../electron/core/store/case-store.ts';
import { StoreForeignFileError } from '../../../../electron/core/store/store-file.ts';
import { StoreVersionError } from '../../../../electron/core/store/store-migrations.ts';
import { makeTempDir, recordingLogger, sampleView } from './store-fixtures.ts';

const NOW = Date.parse('2026-04-06T10:20:30.456Z');
const STAMP = '2026-04-06T10-20-30-456Z';
const PAGE = 4096;

let temp: ReturnType<typeof makeTempDir>;
let path: string;

beforeEach(() => {
  temp = makeTempDir();
  path = join(temp.dir, 'cases.sqlite');
});

afterEach(() => {
  temp.remove();
});

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** A closed store with enough rows to span many pages. */
function healthyStore(cases = 300): void {
  const { store } = openCaseStore(path, { now: () => NOW });
  store.watch(
    Array.from({ length: cases }, (_, i) => ({ caseId: `case-${i}` })),
    'file',
    NOW,
  );
  for (let i = 0; i < cases; i += 1) {
    store.saveSnapshot(sampleView(`case-${i}`), NOW);
    store.saveTranscript(`case-${i}`, `Thread ${i} `.repeat(50), NOW, NOW);
  }
  store.close();
}

function overwrite(offset: number, bytes: Buffer): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, offset);
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens the damaged file and tells what happened: where it went, whether
 * the copy kept aside is byte for byte the original, whether a warning was
 * logged and whether the fresh store works.
 */
function openDamaged() {
  const before = readFileSync(path);
  const { logger, lines } = recordingLogger();
  const { store, recovered, restoredWatchEntries } = openCaseStore(path, {
    logger,
    now: () => NOW,
  });
  try {
    // The fresh store holds only what was read back from the damaged one.
    const onlyRestored = store.watched().length === restoredWatchEntries;
    store.watch([{ caseId: 'after' }], 'single', NOW);
    return {
      movedTo: recovered?.movedTo,
      reason: recovered?.reason,
      keptAside: readFileSync(`${path}.corrupt-${STAMP}`).equals(before),
      warned: lines.some((line) => /WARN .*moved aside/.test(line)),
      freshStoreWorks:
        onlyRestored && store.watched().length === restoredWatchEntries + 1,
    };
  } finally {
    store.close();
  }
}

function recovery(reason: RegExp) {
  return {
    movedTo: `${path}.corrupt-${STAMP}`,
    reason: expect.stringMatching(reason),
    keptAside: true,
    warned: true,
    freshStoreWorks: true,
  };
}

describe('opening a damaged store', () => {
  it('moves aside a file of random bytes', () => {
    writeFileSync(path, randomBytes(64 * 1024));
    expect(openDamaged()).toEqual(recovery(/not a database/));
  });

  it('moves aside a file too short to be a database', () => {
    writeFileSync(path, 'not sqlite at all');
    expect(openDamaged()).toEqual(recovery(/not a database/));
  });

  it('moves aside a database whose header was overwritten', () => {
    healthyStore();
    overwrite(0, randomBytes(100));
    expect(openDamaged()).toEqual(recovery(/not a database/));
  });

  it('moves aside a database with pages overwritten by garbage', () => {
    healthyStore();
    overwrite(3 * PAGE, randomBytes(6 * PAGE));
    expect(openDamaged()).toEqual(recovery(/integrity check failed|malformed/));
  });

  it('reads the watch list back from a file damaged elsewhere', () => {
    healthyStore();
    const { store: labelled } = openCaseStore(path, { now: () => NOW });
    labelled.watch(
      [{ caseId: 'case-7', label: 'Northstar W-9' }],
      'single',
      NOW,
    );
    labelled.close();
    // The last pages hold transcripts and search index, not the list.
    const size = statSync(path).size;
    overwrite(size - 4 * PAGE, randomBytes(4 * PAGE));

    const { store, recovered, restoredWatchEntries } = openCaseStore(path, {
      now: () => NOW,
    });
    try {
      expect(recovered?.reason).toMatch(/integrity check failed|malformed/);
      expect(restoredWatchEntries).toBe(300);
      expect(store.watched()).toHaveLength(300);
      expect(store.watchedCase('case-7')).toMatchObject({
        label: 'Northstar W-9',
        addedHow: 'file',
        addedAt: NOW,
      });
      // Snapshots come back from the API on the next sync, not from here.
      expect(store.snapshot('case-7')).toBeUndefined();
    } finally {
      store.close();
    }
  });

  it('moves aside a truncated database', () => {
    healthyStore();
    truncateSync(path, Math.floor(statSync(path).size / 2 / PAGE) * PAGE);
    expect(openDamaged()).toEqual(recovery(/integrity check failed|malformed/));
  });

  it('keeps the -wal file, which may hold the latest writes, with it', () => {
    writeFileSync(path, randomBytes(8 * 1024));
    writeFileSync(`${path}-wal`, 'wal bytes');
    writeFileSync(`${path}-shm`, 'shm bytes');
    const { store, recovered } = openCaseStore(path, { now: () => NOW });
    store.close();
    const movedTo = recovered?.movedTo ?? '';
    expect(readFileSync(`${movedTo}-wal`, 'utf8')).toBe('wal bytes');
    // The -shm file is only a shared-memory index SQLite rebuilds; it
    // moves too so that it cannot be mistaken for the new file's.
    expect(existsSync(`${movedTo}-shm`)).toBe(true);
  });

  it('keeps the -wal of a crashed session intact when the file is damaged', () => {
    healthyStore();
    // A session that wrote and then died: its last writes are only in the
    // -wal file. Copy both files as they were at the crash.
    const { store: live } = openCaseStore(path);
    live.watch([{ caseId: 'late-write', label: 'only in the WAL' }], 'cli', 1);
    const crashed = join(temp.dir, 'crashed.sqlite');
    copyFileSync(path, crashed);
    copyFileSync(`${path}-wal`, `${crashed}-wal`);
    live.close();
    const wal = readFileSync(`${crashed}-wal`);
    expect(wal.length).toBeGreaterThan(0);
    path = crashed;
    overwrite(3 * PAGE, randomBytes(6 * PAGE));

    const { store, recovered } = openCaseStore(crashed, { now: () => NOW });
    store.close();
    expect(recovered?.movedTo).toBe(`${crashed}.corrupt-${STAMP}`);
    expect(readFileSync(`${crashed}.corrupt-${STAMP}-wal`).equals(wal)).toBe(
      true,
    );
  });

  it('never overwrites an earlier file moved aside at the same time', () => {
    writeFileSync(path, 'first damaged file');
    openCaseStore(path, { now: () => NOW }).store.close();
    writeFileSync(path, 'second damaged file');
    const { store, recovered } = openCaseStore(path, { now: () => NOW });
    store.close();
    expect(recovered?.movedTo).toBe(`${path}.corrupt-${STAMP}-2`);
    expect(readFileSync(`${path}.corrupt-${STAMP}`, 'utf8')).toBe(
      'first damaged file',
    );
    expect(readFileSync(`${path}.corrupt-${STAMP}-2`, 'utf8')).toBe(
      'second damaged file',
    );
  });
});

const HOUR = 60 * 60 * 1000;

/** Options for a store checked whole once a day, opened at `at`. */
function daily(at: number) {
  return { integrityCheck: 'daily' as const, now: () => at };
}

describe('checking the whole file once a day', () => {
  it('reads every page only when the last full check is a day old', () => {
    healthyStore();
    overwrite(3 * PAGE, randomBytes(6 * PAGE));

    // Within the day the light check passes garbage inside pages (the
    // store works until a damaged page is read)...
    const { logger, lines } = recordingLogger();
    const soon = openCaseStore(path, { ...daily(NOW + HOUR), logger });
    soon.store.close();
    expect(soon.recovered).toBeNull();
    expect(lines.join('\n')).toMatch(/could not refresh store statistics/);
    // ...and the first open a day later finds it.
    const later = openCaseStore(path, daily(NOW + 25 * HOUR));
    later.store.close();
    expect(later.recovered?.reason).toMatch(/integrity check failed|malformed/);
  });

  it('still finds a truncated file or a destroyed header at once', () => {
    healthyStore();
    truncateSync(path, Math.floor(statSync(path).size / 2 / PAGE) * PAGE);
    const truncated = openCaseStore(path, daily(NOW + HOUR));
    truncated.store.close();
    expect(truncated.recovered?.reason).toMatch(
      /shorter than its \d+ pages|malformed/,
    );

    writeFileSync(path, randomBytes(64 * 1024));
    const garbage = openCaseStore(path, daily(NOW + 2 * HOUR));
    garbage.store.close();
    expect(garbage.recovered?.reason).toMatch(/not a database/);
  });

  it('checks the whole file on every open by default', () => {
    healthyStore();
    overwrite(3 * PAGE, randomBytes(6 * PAGE));
    const { store, recovered } = openCaseStore(path, { now: () => NOW + 1 });
    store.close();
    expect(recovered?.reason).toMatch(/integrity check failed|malformed/);
  });
});

describe('opening a healthy or foreign file', () => {
  it('opens an empty file as a new store without moving anything', () => {
    writeFileSync(path, '');
    const { store, recovered } = openCaseStore(path);
    store.close();
    expect(recovered).toBeNull();
    expect(readdirSync(temp.dir).some((name) => name.includes('corrupt'))).toBe(
      false,
    );
  });

  it('refuses a file from a newer version and leaves it untouched', () => {
    healthyStore(5);
    const raw = new DatabaseSync(path);
    raw.exec('PRAGMA user_version = 99');
    raw.close();
    const hash = sha256(path);

    expect(() => openCaseStore(path)).toThrow(StoreVersionError);
    expect(() => openCaseStore(path)).toThrow(/newer version.*schema 99/);
    expect(sha256(path)).toBe(hash);
    expect(readdirSync(temp.dir)).toEqual(['cases.sqlite']);
  });

  it('refuses a SQLite file that belongs to another program', () => {
    const raw = new DatabaseSync(path);
    raw.exec('CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES (1)');
    raw.close();
    const hash = sha256(path);

    expect(() => openCaseStore(path)).toThrow(StoreForeignFileError);
    expect(sha256(path)).toBe(hash);
    expect(readdirSync(temp.dir)).toEqual(['cases.sqlite']);
  });

  it('does not move aside a path it cannot open for other reasons', () => {
    mkdirSync(path);
    expect(() => openCaseStore(path)).toThrow(/is not a file/);
    expect(statSync(path).isDirectory()).toBe(true);
    expect(existsSync(`${path}.corrupt-${STAMP}`)).toBe(false);
  });
});
