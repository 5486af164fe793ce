import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MIGRATIONS,
  STORE_APPLICATION_ID,
  StoreVersionError,
  migrate,
  schemaVersion,
  type Migration,
} from '../../../../electron/core/store/store-migrations.ts';
import { makeTempDir, recordingLogger } from './store-fixtures.ts';

let temp: ReturnType<typeof makeTempDir>;
let db: DatabaseSync;

beforeEach(() => {
  temp = makeTempDir();
  db = new DatabaseSync(join(temp.dir, 'plain.sqlite'));
});

afterEach(() => {
  db.close();
  temp.remove();
});

function tables(): string[] {
  return db
    .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`)
    .all()
    .map((row) => String(row['name']))
    .toSorted();
}

function counting(calls: number[]): Migration[] {
  return [1, 2, 3].map((version) => ({
    version,
    description: `step ${version}`,
    up: (target) => {
      calls.push(version);
      target.exec(`CREATE TABLE t${version} (x INTEGER)`);
    },
  }));
}

describe('migrate', () => {
  it('applies each missing step once, in order', () => {
    const calls: number[] = [];
    const steps = counting(calls);
    expect(migrate(db, steps.slice(0, 2))).toEqual({ from: 0, to: 2 });
    expect(migrate(db, steps)).toEqual({ from: 2, to: 3 });
    expect(migrate(db, steps)).toEqual({ from: 3, to: 3 });
    expect(calls).toEqual([1, 2, 3]);
    expect(schemaVersion(db)).toBe(3);
  });

  it('logs each step it applies', () => {
    const { logger, lines } = recordingLogger();
    migrate(db, counting([]), logger);
    expect(
      lines.filter((line) => line.includes('applied store migration')),
    ).toHaveLength(3);
  });

  it('rolls a failing step back entirely and names it', () => {
    const steps: Migration[] = [
      ...counting([]).slice(0, 1),
      {
        version: 2,
        description: 'half done',
        up: (target) => {
          target.exec('CREATE TABLE partial (x INTEGER)');
          target.exec('INSERT INTO missing_table VALUES (1)');
        },
      },
    ];
    expect(() => migrate(db, steps)).toThrow(/Migration 2 \(half done\)/);
    expect(schemaVersion(db)).toBe(1);
    expect(tables()).toEqual(['t1']);
    expect(db.isTransaction).toBe(false);
  });

  it('refuses a file newer than the steps and writes nothing', () => {
    db.exec('PRAGMA user_version = 7');
    const error = (() => {
      try {
        migrate(db, counting([]));
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(StoreVersionError);
    expect(error).toMatchObject({ fileVersion: 7, knownVersion: 3 });
    expect(tables()).toEqual([]);
  });

  it.each([
    ['starts at 2', [{ version: 2, description: 'x', up: () => {} }]],
    [
      'repeats a number',
      [
        { version: 1, description: 'a', up: () => {} },
        { version: 1, description: 'b', up: () => {} },
      ],
    ],
  ])('refuses a list of steps that %s', (_name, steps: Migration[]) => {
    expect(() => migrate(db, steps)).toThrow(/numbered/);
    expect(schemaVersion(db)).toBe(0);
  });
});

describe('the store schema', () => {
  it('builds every table with sound foreign keys and marks the file', () => {
    migrate(db, MIGRATIONS);
    expect(tables()).toEqual(
      expect.arrayContaining([
        'answers',
        'case_field_search',
        'downloads',
        'drafts',
        'snapshots',
        'sync_states',
        'timeline_events',
        'transcript_search',
        'transcripts',
        'watched_cases',
      ]),
    );
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    expect(db.prepare('PRAGMA application_id').get()).toEqual({
      application_id: STORE_APPLICATION_ID,
    });
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
  });
});
