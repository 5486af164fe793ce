import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCaseStore } from '../../../../electron/core/store/case-store.ts';
import {
  SEARCH_MARK_END,
  SEARCH_MARK_START,
  type CaseStore,
} from '../../../../electron/core/store/case-store-types.ts';
import { makeTempDir, sampleView } from './store-fixtures.ts';

const T0 = 1_775_000_000_000;
const [START, END] = [SEARCH_MARK_START, SEARCH_MARK_END];

let temp: ReturnType<typeof makeTempDir>;
let path: string;
let store: CaseStore;

const THREAD = [
  'From: Avery <avery@example.com>',
  'Hello Jürgen, could you send the signed W-9 for Northstar Supplies?',
  'From: Jürgen Müller <j.mueller@lieferant.example>',
  'Sure, the form is attached. Our tax id ends in 4471.',
  ...Array.from({ length: 40 }, (_, i) => `Filler line ${i} about nothing.`),
  'Regards, the accounts team',
].join('\n');

function caseIds(query: string): string[] {
  return store.search(query).map((hit) => hit.caseId);
}

beforeEach(() => {
  temp = makeTempDir();
  path = join(temp.dir, 'cases.sqlite');
  store = openCaseStore(path).store;
  store.watch(
    [
      { caseId: 'c1', label: 'Vendor onboarding' },
      { caseId: 'c2', label: 'Delivery window' },
      { caseId: 'c3' },
    ],
    'paste',
    T0,
  );
  store.saveSnapshot(
    sampleView('c1', { clientReferenceId: 'vendor_2048' }),
    T0,
  );
  store.saveSnapshot(
    sampleView('c2', {
      counterparty: { address: 'ops@acme.example', name: 'Sam Ortiz' },
      goal: { objective: 'Confirm whether the Tuesday delivery window works' },
    }),
    T0,
  );
  store.saveTranscript('c3', THREAD, T0, T0);
});

afterEach(() => {
  store.close();
  temp.remove();
});

describe('search', () => {
  it('finds words in transcripts and in each case field', () => {
    expect(store.search('tax')).toEqual([
      { caseId: 'c3', field: 'transcript', snippet: expect.any(String) },
    ]);
    expect(store.search('vendor_2048')).toEqual([
      {
        caseId: 'c1',
        field: 'clientReferenceId',
        snippet: `${START}vendor_2048${END}`,
      },
    ]);
    expect(store.search('ortiz')[0]?.field).toBe('counterparty');
    expect(store.search('tuesday')[0]?.field).toBe('objective');
    expect(store.search('onboarding')[0]?.field).toBe('label');
  });

  it('matches the last word as a prefix, the others whole', () => {
    expect(caseIds('nort')).toContain('c1');
    expect(caseIds('supplies nort')).toEqual(
      expect.arrayContaining(['c1', 'c3']),
    );
    expect(caseIds('nort supplies')).toEqual([]);
  });

  it('ignores case and diacritics, both ways', () => {
    expect(caseIds('MULLER')).toEqual(['c3']);
    expect(caseIds('jurgen')).toEqual(['c3']);
    expect(caseIds('Jürgen')).toEqual(['c3']);
    store.watch([{ caseId: 'c4', label: 'Muller GmbH' }], 'cli', T0);
    expect(caseIds('müller')).toEqual(expect.arrayContaining(['c3', 'c4']));
  });

  it('requires every word, anywhere in the same field', () => {
    expect(caseIds('signed supplies')).toEqual(['c3']);
    expect(caseIds('signed ortiz')).toEqual([]);
  });

  it('reads quoted text as a phrase, and W-9 as written', () => {
    expect(caseIds('"form is attached"')).toEqual(['c3']);
    expect(caseIds('"attached is form"')).toEqual([]);
    expect(
      store
        .search('W-9')
        .map((hit) => hit.field)
        .toSorted(),
    ).toEqual(['objective', 'transcript']);
  });

  it('wraps matches in the snippet markers and keeps the snippet short', () => {
    const [hit] = store.search('accounts');
    expect(hit?.snippet).toContain(`${START}accounts${END}`);
    expect(hit?.snippet.startsWith('…')).toBe(true);
    expect(hit?.snippet.split(/\s+/).length).toBeLessThanOrEqual(16);
    const [diacritic] = store.search('muller');
    expect(diacritic?.snippet).toContain(`${START}Müller${END}`);
  });

  it('returns at most one hit per case and field, best first', () => {
    store.watch([{ caseId: 'c5', label: 'Northstar' }], 'cli', T0);
    const hits = store.search('northstar');
    const keys = hits.map((hit) => `${hit.caseId}/${hit.field}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(
      expect.arrayContaining(['c1/counterparty', 'c3/transcript', 'c5/label']),
    );
    // A one-word label matches more strongly than a word in a long thread.
    expect(keys.indexOf('c5/label')).toBeLessThan(
      keys.indexOf('c3/transcript'),
    );
  });

  it('stops at the limit', () => {
    store.watch(
      Array.from({ length: 30 }, (_, i) => ({
        caseId: `bulk-${i}`,
        label: `Bulk item ${i}`,
      })),
      'paste',
      T0,
    );
    expect(store.search('bulk')).toHaveLength(30);
    expect(store.search('bulk', 7)).toHaveLength(7);
  });

  it('follows changes to labels, snapshots and transcripts', () => {
    store.saveSnapshot(
      sampleView('c1', {
        updatedAt: T0 + 1_000_000,
        counterparty: { address: 'x@y.example', name: 'Ilse Berger' },
      }),
      T0 + 1,
    );
    expect(caseIds('berger')).toEqual(['c1']);
    expect(store.search('maya')).toEqual([]);
    store.saveTranscript('c3', 'A brand new thread', T0 + 5, T0 + 5);
    expect(caseIds('brand')).toEqual(['c3']);
    expect(caseIds('jurgen')).toEqual([]);
    store.saveTranscript('c3', null, T0 + 6, T0 + 6);
    expect(caseIds('brand')).toEqual([]);
  });

  it('keeps both indexes consistent through every kind of write', () => {
    store.saveTranscript('c1', 'first', T0, T0);
    store.saveTranscript('c1', 'second', T0 + 1, T0 + 1);
    store.saveTranscript('c1', 'second', T0 + 2, T0 + 2);
    store.saveTranscript('c2', null, T0, T0);
    store.saveTranscript('c2', 'now there is one', T0 + 1, T0 + 1);
    store.unwatch(['c3']);
    store.watch([{ caseId: 'c3', label: 'back' }], 'cli', T0 + 2);
    store.close();

    const raw = new DatabaseSync(path);
    try {
      for (const table of ['transcript_search', 'case_field_search']) {
        // Throws SQLITE_CORRUPT_VTAB when the index and its rows disagree.
        raw.exec(`INSERT INTO ${table} (${table}) VALUES ('integrity-check')`);
      }
      const indexedThreads = raw
        .prepare(
          `SELECT rowid FROM transcript_search
           WHERE transcript_search MATCH 'jurgen OR first OR second OR one'`,
        )
        .all();
      expect(indexedThreads).toHaveLength(2);
      const c3Fields = raw
        .prepare(`SELECT field, body FROM case_field_search WHERE case_id = ?`)
        .all('c3');
      expect(c3Fields).toEqual([{ field: 'label', body: 'back' }]);
    } finally {
      raw.close();
    }
    store = openCaseStore(path).store;
  });
});

describe('search with hostile or empty text', () => {
  it.each([
    [''],
    ['   '],
    ['"'],
    ['""'],
    ['*'],
    ['-'],
    ['()'],
    ['^'],
    [':'],
    ['-- ; DROP TABLE watched_cases'.replace(/[a-z_]/gi, '')],
  ])('returns nothing for %j', (query) => {
    expect(store.search(query)).toEqual([]);
  });

  it.each([
    ['NEAR(', 'near'],
    ['NEAR(tax 4471)', 'near tax 4471'],
    ['AND OR', 'and or'],
    ['NOT tax', 'not tax'],
    ['text:tax', 'text tax'],
    ['label:vendor', 'label vendor'],
    ['{text}: tax', 'text tax'],
    ['tax AND', 'tax and'],
    ["tax'); DROP TABLE watched_cases; --", 'tax drop table watched_cases'],
  ])('treats %j as plain words', (query, label) => {
    // The words are not in the texts yet, so nothing matches: they are
    // looked for, not obeyed. A label holding them is then found.
    expect(store.search(query)).toEqual([]);
    store.watch([{ caseId: 'w1', label }], 'cli', T0);
    expect(store.search(query)).toEqual([
      { caseId: 'w1', field: 'label', snippet: expect.any(String) },
    ]);
    expect(store.watched()).toHaveLength(4);
  });

  it.each([['tax*'], ['-tax'], ['"tax'], ['tax"'], ['^tax'], ['(tax)']])(
    'ignores the operator characters in %j',
    (query) => {
      expect(caseIds(query)).toEqual(['c3']);
    },
  );

  it('uses only the first 16 words of a very long query', () => {
    const words = `tax ${'zzz '.repeat(15)}unknownword`;
    expect(caseIds(words)).toEqual([]);
    const sixteen = `tax ${'the '.repeat(15)}unknownword`;
    expect(caseIds(sixteen)).toEqual(['c3']);
  });
});

describe('search index kept in bulk', () => {
  it('finds a case saved in a batch that rolled back a flush', () => {
    const { dir, remove } = makeTempDir();
    try {
      const bulkPath = join(dir, 'cases.db');
      let bulk = openCaseStore(bulkPath).store;
      const ids = Array.from({ length: 600 }, (_, i) => `bulk-${i}`);
      bulk.watch(
        ids.map((caseId) => ({ caseId })),
        'paste',
        1,
      );
      // One snapshot short of a bulk rebuild; the failing batch then
      // triggers the rebuild and rolls it back.
      for (const id of ids.slice(0, 511)) {
        bulk.saveSnapshot(
          sampleView(id, { goal: { objective: `Collect form ${id}` } }),
          2,
        );
      }
      expect(() =>
        bulk.batch(() => {
          bulk.saveSnapshot(
            sampleView('bulk-599', { goal: { objective: 'Zanzibar' } }),
            2,
          );
          throw new Error('fails after the write');
        }),
      ).toThrow('fails after the write');
      expect(bulk.search('bulk-510').map((hit) => hit.caseId)).toEqual([
        'bulk-510',
      ]);
      expect(bulk.search('zanzibar')).toEqual([]);

      // Marks left by a process that never closed the bulk (a crash) are
      // applied by the next connection.
      bulk.saveSnapshot(
        sampleView('bulk-598', { goal: { objective: 'Quetzal plumes' } }),
        2,
      );
      const crashed = bulk;
      bulk = openCaseStore(bulkPath).store;
      expect(bulk.search('quetzal').map((hit) => hit.caseId)).toEqual([
        'bulk-598',
      ]);
      bulk.close();
      crashed.close();
    } finally {
      remove();
    }
  });
});
