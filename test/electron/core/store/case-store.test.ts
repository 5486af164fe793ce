import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../../electron/core/store/store-migrations.ts';
import {
  openCaseStore,
  type SqliteCaseStore,
} from '../../../../electron/core/store/case-store.ts';
import type {
  CaseStore,
  TimelineEvent,
} from '../../../../electron/core/store/case-store-types.ts';
import {
  MAX_ERROR_MESSAGE_LENGTH,
  StoreInputError,
} from '../../../../electron/core/store/store-limits.ts';
import { makeTempDir, recordingLogger, sampleView } from './store-fixtures.ts';

const T0 = 1_775_000_000_000;
const SHA = 'ab'.repeat(32);

let temp: ReturnType<typeof makeTempDir>;
let path: string;
let store: CaseStore;

function reopen(): CaseStore {
  store.close();
  store = openCaseStore(path).store;
  return store;
}

function event(caseId: string, type: string, at: number): TimelineEvent {
  return { id: `evt_${caseId}_${type}_${at}`, caseId, type, at, details: {} };
}

beforeEach(() => {
  temp = makeTempDir();
  path = join(temp.dir, 'data', 'nested', 'cases.sqlite');
  store = openCaseStore(path).store;
});

afterEach(() => {
  store.close();
  temp.remove();
});

describe('openCaseStore', () => {
  it('creates the file and its folders, in WAL mode, with the schema', () => {
    expect(existsSync(path)).toBe(true);
    expect(store.path).toBe(path);
    const raw = new DatabaseSync(path, { readOnly: true });
    try {
      expect(raw.prepare('PRAGMA journal_mode').get()).toEqual({
        journal_mode: 'wal',
      });
      expect(raw.prepare('PRAGMA user_version').get()).toEqual({
        user_version: MIGRATIONS.length,
      });
    } finally {
      raw.close();
    }
  });

  it('keeps everything across close and reopen without migrating again', () => {
    store.close();
    const first = recordingLogger();
    const fresh = join(temp.dir, 'other.sqlite');
    store = openCaseStore(fresh, { logger: first.logger }).store;
    expect(
      first.lines.filter((l) => l.includes('applied store migration')),
    ).toHaveLength(MIGRATIONS.length);

    store.watch([{ caseId: 'c1', label: 'Northstar W-9' }], 'single', T0);
    store.saveSnapshot(sampleView('c1', { clientReferenceId: 'v_1' }), T0);
    store.saveTranscript('c1', 'Hello Maya', T0 + 100_000, T0 + 1);
    store.recordEvent(event('c1', 'case.input_needed', T0));
    store.saveDraft('c1', 'ir_1', 'half an answer', T0 + 2);
    const answerId = store.recordAnswer({
      caseId: 'c1',
      inputRequestId: 'ir_0',
      text: 'Use the PO 4471',
      who: 'avery',
      at: T0 + 3,
      outcome: 'accepted',
    });
    store.recordDownload({
      caseId: 'c1',
      attachmentId: 'att_1',
      path: '/tmp/w9.pdf',
      size: 904_860,
      sha256: SHA,
      at: T0 + 4,
    });
    store.updateSyncState('c1', { lastSyncedAt: T0 + 5 });
    store.close();

    const second = recordingLogger();
    store = openCaseStore(fresh, { logger: second.logger }).store;
    expect(second.lines.join('\n')).not.toContain('applied store migration');
    expect(store.watched()).toEqual([
      {
        caseId: 'c1',
        label: 'Northstar W-9',
        clientReferenceId: 'v_1',
        addedAt: T0,
        addedHow: 'single',
        flag: null,
      },
    ]);
    expect(store.snapshot('c1')?.view.clientReferenceId).toBe('v_1');
    expect(store.transcript('c1')?.text).toBe('Hello Maya');
    expect(store.timeline('c1')).toHaveLength(1);
    expect(store.draft('c1', 'ir_1')?.text).toBe('half an answer');
    expect(store.answers('c1').map((a) => a.id)).toEqual([answerId]);
    expect(store.downloads('c1')).toHaveLength(1);
    expect(store.syncState('c1').lastSyncedAt).toBe(T0 + 5);
    expect(store.search('maya').map((hit) => hit.field)).toContain(
      'transcript',
    );
  });

  it('lets a second connection (the CLI) read what the first wrote', () => {
    store.watch([{ caseId: 'c1' }], 'single', T0);
    const cli = openCaseStore(path).store;
    try {
      expect(cli.watched().map((w) => w.caseId)).toEqual(['c1']);
      cli.watch([{ caseId: 'c2' }], 'cli', T0 + 1);
      expect(store.watched().map((w) => w.caseId)).toEqual(['c1', 'c2']);
    } finally {
      cli.close();
    }
  });

  it('can be closed twice, and refuses work once closed', () => {
    store.close();
    store.close();
    expect(() => store.watched()).toThrow('The case store is closed.');
    expect(() => store.search('x')).toThrow('The case store is closed.');
  });
});

describe('watch list', () => {
  it('adds new cases and reports the ones already watched', () => {
    expect(
      store.watch([{ caseId: 'c1' }, { caseId: 'c2' }], 'paste', T0),
    ).toEqual({ added: ['c1', 'c2'], already: [] });
    expect(
      store.watch([{ caseId: 'c2' }, { caseId: 'c3' }], 'file', T0 + 1),
    ).toEqual({ added: ['c3'], already: ['c2'] });
    expect(store.watchedCase('c2')).toMatchObject({
      addedAt: T0,
      addedHow: 'paste',
    });
    expect(store.watched().map((w) => w.caseId)).toEqual(['c1', 'c2', 'c3']);
  });

  it('folds duplicates in one call, a later label filling a missing one', () => {
    const result = store.watch(
      [
        { caseId: 'c1' },
        { caseId: 'c1', label: 'Second', clientReferenceId: 'r9' },
        { caseId: 'c1', label: 'Third' },
      ],
      'paste',
      T0,
    );
    expect(result).toEqual({ added: ['c1'], already: [] });
    expect(store.watchedCase('c1')).toMatchObject({
      label: 'Second',
      clientReferenceId: 'r9',
    });
  });

  it('fills a missing label when watching again but never replaces one', () => {
    store.watch([{ caseId: 'c1' }, { caseId: 'c2', label: 'Kept' }], 'cli', T0);
    store.watch(
      [
        { caseId: 'c1', label: 'New' },
        { caseId: 'c2', label: 'Other' },
      ],
      'cli',
      T0 + 1,
    );
    expect(store.watchedCase('c1')?.label).toBe('New');
    expect(store.watchedCase('c2')?.label).toBe('Kept');
    expect(store.search('new').map((hit) => hit.caseId)).toEqual(['c1']);
  });

  it('cleans labels: whitespace and control characters collapse, blank is none', () => {
    store.watch(
      [
        { caseId: 'c1', label: '  Vendor\t\n\u0007 onboarding  ' },
        { caseId: 'c2', label: '   ' },
      ],
      'paste',
      T0,
    );
    expect(store.watchedCase('c1')?.label).toBe('Vendor onboarding');
    expect(store.watchedCase('c2')?.label).toBeUndefined();
  });

  it('flags a case the API hides and clears the flag', () => {
    store.watch([{ caseId: 'c1' }], 'single', T0);
    store.setAccessFlag('c1', 'forbidden');
    expect(store.watchedCase('c1')?.flag).toBe('forbidden');
    expect(store.listCases()[0]?.flag).toBe('forbidden');
    store.setAccessFlag('c1', null);
    expect(store.watchedCase('c1')?.flag).toBeNull();
    store.setAccessFlag('unwatched', 'not-found');
    expect(store.watchedCase('unwatched')).toBeUndefined();
  });

  it('unwatch removes case rows but keeps the answers audit and downloads', () => {
    store.watch([{ caseId: 'c1', label: 'Acme' }, { caseId: 'c2' }], 'cli', T0);
    store.saveSnapshot(sampleView('c1'), T0);
    store.saveTranscript('c1', 'thread about invoices', T0, T0);
    store.recordEvent(event('c1', 'case.completed', T0));
    store.saveDraft('c1', 'ir_1', 'draft', T0);
    store.updateSyncState('c1', { lastSyncedAt: T0 });
    store.recordAnswer({
      caseId: 'c1',
      inputRequestId: 'ir_0',
      text: 'yes',
      who: 'avery',
      at: T0,
      outcome: 'accepted',
    });
    store.recordDownload({
      caseId: 'c1',
      attachmentId: 'a1',
      path: '/tmp/a1.pdf',
      size: 1,
      sha256: SHA,
      at: T0,
    });

    expect(store.unwatch(['c1', 'c1', 'never-watched'])).toBe(1);

    expect(store.watchedCase('c1')).toBeUndefined();
    expect(store.snapshot('c1')).toBeUndefined();
    expect(store.transcript('c1')).toBeUndefined();
    expect(store.timeline('c1')).toEqual([]);
    expect(store.draft('c1', 'ir_1')).toBeUndefined();
    expect(store.syncState('c1').lastSyncedAt).toBeNull();
    expect(store.search('invoices')).toEqual([]);
    expect(store.search('acme')).toEqual([]);
    expect(store.search('northstar')).toEqual([]);
    expect(store.answers('c1')).toHaveLength(1);
    expect(store.downloads('c1')).toHaveLength(1);
    expect(store.listCases().map((item) => item.caseId)).toEqual(['c2']);

    // Watching again starts from nothing but the history.
    store.watch([{ caseId: 'c1' }], 'single', T0 + 10);
    expect(store.recordEvent(event('c1', 'case.completed', T0))).toBe(true);
    expect(store.answers('c1')).toHaveLength(1);
  });
});

describe('snapshots', () => {
  beforeEach(() => {
    store.watch([{ caseId: 'c1' }], 'single', T0);
  });

  it('stores the view and gives it back without the transcript', () => {
    const view = sampleView('c1', { conversationThread: 'long thread' });
    store.saveSnapshot(view, T0 + 5);
    const saved = store.snapshot('c1');
    expect(saved?.fetchedAt).toBe(T0 + 5);
    expect(saved?.view).toEqual(sampleView('c1'));
    expect(saved?.view).not.toHaveProperty('conversationThread');
  });

  it('ignores a snapshot of a case that is not watched', () => {
    store.saveSnapshot(sampleView('gone'), T0);
    expect(store.snapshot('gone')).toBeUndefined();
    expect(store.watchedCase('gone')).toBeUndefined();
    expect(store.listCases().map((item) => item.caseId)).toEqual(['c1']);
  });

  it('fills the watch entry reference from the first snapshot that has one', () => {
    store.watch([{ caseId: 'c2', clientReferenceId: 'mine' }], 'cli', T0);
    store.saveSnapshot(sampleView('c1', { clientReferenceId: 'v_1' }), T0);
    store.saveSnapshot(sampleView('c2', { clientReferenceId: 'api' }), T0);
    expect(store.watchedCase('c1')?.clientReferenceId).toBe('v_1');
    expect(store.watchedCase('c2')?.clientReferenceId).toBe('mine');
  });

  it('keeps the newer view when an older one arrives late', () => {
    const newer = sampleView('c1', { status: 'COMPLETED', updatedAt: T0 + 9 });
    store.saveSnapshot(newer, T0 + 20);
    store.saveSnapshot(
      sampleView('c1', { status: 'RUNNING', updatedAt: T0 + 1 }),
      T0 + 30,
    );
    expect(store.snapshot('c1')?.view.status).toBe('COMPLETED');
    // The same state fetched again refreshes the fetch time.
    store.saveSnapshot(newer, T0 + 40);
    expect(store.snapshot('c1')?.fetchedAt).toBe(T0 + 40);
  });

  it('lists watched cases with their snapshot fields, newest change first', () => {
    store.watch([{ caseId: 'c2', label: 'Unfetched' }], 'paste', T0 + 1);
    store.saveSnapshot(
      sampleView('c1', {
        clientReferenceId: 'v_1',
        status: 'INPUT_NEEDED',
        attemptCount: 2,
        updatedAt: T0 + 500,
      }),
      T0 + 600,
    );
    expect(store.listCases()).toEqual([
      {
        caseId: 'c1',
        label: undefined,
        clientReferenceId: 'v_1',
        flag: null,
        status: 'INPUT_NEEDED',
        counterpartyName: 'Maya Chen',
        counterpartyAddress: 'ap@northstar.example',
        objective: 'Collect a signed W-9 from the vendor',
        attemptCount: 2,
        maxAttempts: 3,
        createdAt: sampleView('c1').createdAt,
        updatedAt: T0 + 500,
        fetchedAt: T0 + 600,
        unseen: true,
      },
      {
        caseId: 'c2',
        label: 'Unfetched',
        clientReferenceId: undefined,
        flag: null,
        status: undefined,
        counterpartyName: undefined,
        counterpartyAddress: undefined,
        objective: undefined,
        attemptCount: undefined,
        maxAttempts: undefined,
        createdAt: undefined,
        updatedAt: undefined,
        fetchedAt: undefined,
        unseen: false,
      },
    ]);
  });

  it('lists only the first few cases when asked, in the same order', () => {
    store.watch([{ caseId: 'c2' }, { caseId: 'c3' }], 'paste', T0 + 1);
    store.saveSnapshot(sampleView('c1', { updatedAt: T0 + 500 }), T0 + 600);
    store.saveSnapshot(sampleView('c3', { updatedAt: T0 + 400 }), T0 + 600);
    const all = store.listCases().map((item) => item.caseId);
    expect(all).toEqual(['c1', 'c3', 'c2']);
    expect(store.listCases(2).map((item) => item.caseId)).toEqual(
      all.slice(0, 2),
    );
    expect(() => store.listCases(-1)).toThrow(StoreInputError);
  });

  it('finds the unflagged watched cases in one status', () => {
    store.watch([{ caseId: 'c2' }, { caseId: 'c3' }], 'paste', T0 + 1);
    for (const id of ['c1', 'c2', 'c3']) {
      store.saveSnapshot(
        sampleView(id, { status: id === 'c2' ? 'RUNNING' : 'INPUT_NEEDED' }),
        T0 + 600,
      );
    }
    store.setAccessFlag('c3', 'forbidden');
    expect(store.watchedWithStatus('INPUT_NEEDED')).toEqual(['c1']);
    expect(store.watchedWithStatus('RUNNING')).toEqual(['c2']);
    expect(store.watchedWithStatus('COMPLETED')).toEqual([]);
  });
});

function unseen(caseId: string): boolean | undefined {
  return store.listCases().find((item) => item.caseId === caseId)?.unseen;
}

/** A value a typed caller cannot pass but IPC or a bug can. */
function loose<T>(value: unknown): T {
  return value as T;
}

describe('unseen marker', () => {
  beforeEach(() => {
    store.watch([{ caseId: 'c1' }], 'single', T0);
  });

  it('is off for a case never fetched and on once it is fetched', () => {
    expect(unseen('c1')).toBe(false);
    store.saveSnapshot(sampleView('c1'), T0);
    expect(unseen('c1')).toBe(true);
  });

  it('clears when opened and stays clear while updatedAt does not change', () => {
    store.saveSnapshot(sampleView('c1', { updatedAt: T0 + 1 }), T0 + 2);
    store.markSeen('c1', T0 + 3);
    expect(unseen('c1')).toBe(false);
    store.saveSnapshot(sampleView('c1', { updatedAt: T0 + 1 }), T0 + 4);
    expect(unseen('c1')).toBe(false);
    store.saveSnapshot(sampleView('c1', { updatedAt: T0 + 5 }), T0 + 6);
    expect(unseen('c1')).toBe(true);
  });

  it('survives a reopen', () => {
    store.saveSnapshot(sampleView('c1'), T0);
    store.markSeen('c1', T0 + 1);
    expect(reopen().listCases()[0]?.unseen).toBe(false);
  });

  it('is not set by opening a case before it was ever fetched', () => {
    store.markSeen('c1', T0);
    store.saveSnapshot(sampleView('c1'), T0 + 1);
    expect(unseen('c1')).toBe(true);
  });
});

describe('resolve', () => {
  beforeEach(() => {
    store.watch(
      [
        { caseId: 'c1', clientReferenceId: 'vendor_2048' },
        { caseId: 'c2' },
        { caseId: 'c3', clientReferenceId: 'c2' },
        { caseId: 'c4' },
      ],
      'paste',
      T0,
    );
    store.saveSnapshot(
      sampleView('c4', { clientReferenceId: 'vendor_2048' }),
      T0,
    );
  });

  it('finds a watched case by its id, trimming the text', () => {
    expect(store.resolve('  c2\n')).toEqual(['c2']);
  });

  it('prefers an exact case id over a reference with the same text', () => {
    expect(store.resolve('c2')).toEqual(['c2']);
  });

  it('finds every case with the reference, from the entry or the snapshot', () => {
    expect(store.resolve('vendor_2048')).toEqual(['c1', 'c4']);
  });

  it('matches references exactly', () => {
    expect(store.resolve('VENDOR_2048')).toEqual([]);
    expect(store.resolve('vendor')).toEqual([]);
  });

  it.each([[''], ['   '], ['unknown'], ['x'.repeat(10_000)]])(
    'answers nothing for %j',
    (text) => {
      expect(store.resolve(text)).toEqual([]);
    },
  );
});

describe('transcripts', () => {
  beforeEach(() => {
    store.watch([{ caseId: 'c1' }], 'single', T0);
  });

  it('stores the text, or null before there is a thread', () => {
    store.saveTranscript('c1', null, T0, T0 + 1);
    expect(store.transcript('c1')).toEqual({
      caseId: 'c1',
      text: null,
      caseUpdatedAt: T0,
      fetchedAt: T0 + 1,
    });
    store.saveTranscript('c1', 'From: Maya', T0 + 5, T0 + 6);
    expect(store.transcript('c1')?.text).toBe('From: Maya');
  });

  it('keeps the newer transcript when an older fetch lands late', () => {
    store.saveTranscript('c1', 'new thread', T0 + 10, T0 + 11);
    store.saveTranscript('c1', 'old thread', T0 + 1, T0 + 12);
    expect(store.transcript('c1')?.text).toBe('new thread');
    expect(store.search('old')).toEqual([]);
  });

  it('ignores transcripts of cases that are not watched', () => {
    store.saveTranscript('other', 'text', T0, T0);
    expect(store.transcript('other')).toBeUndefined();
  });
});

describe('timeline', () => {
  beforeEach(() => {
    store.watch([{ caseId: 'c1' }], 'single', T0);
  });

  it('stores an event once, even across a reopen', () => {
    const first = event('c1', 'case.input_needed', T0 + 5);
    expect(store.recordEvent(first)).toBe(true);
    expect(store.recordEvent(first)).toBe(false);
    expect(reopen().recordEvent(first)).toBe(false);
    expect(store.timeline('c1')).toEqual([first]);
  });

  it('lists events oldest first with their details', () => {
    const late = {
      ...event('c1', 'case.completed', T0 + 9),
      details: { a: 1 },
    };
    const early = event('c1', 'case.input_needed', T0 + 1);
    store.recordEvent(late);
    store.recordEvent(early);
    expect(store.timeline('c1')).toEqual([early, late]);
  });

  it('records nothing for a case that is not watched', () => {
    expect(store.recordEvent(event('other', 'case.failed', T0))).toBe(false);
    expect(store.timeline('other')).toEqual([]);
  });
});

describe('drafts', () => {
  beforeEach(() => {
    store.watch([{ caseId: 'c1' }], 'single', T0);
  });

  it('keeps one draft per input request and replaces it on save', () => {
    store.saveDraft('c1', 'ir_1', 'first', T0);
    store.saveDraft('c1', 'ir_1', 'second', T0 + 1);
    store.saveDraft('c1', 'ir_2', 'other question', T0 + 2);
    expect(store.draft('c1', 'ir_1')).toEqual({
      caseId: 'c1',
      inputRequestId: 'ir_1',
      text: 'second',
      savedAt: T0 + 1,
    });
    expect(store.draft('c1', 'ir_2')?.text).toBe('other question');
    store.dropDraft('c1', 'ir_1');
    expect(store.draft('c1', 'ir_1')).toBeUndefined();
    expect(store.draft('c1', 'ir_2')).toBeDefined();
  });

  it('keeps an emptied draft as empty text', () => {
    store.saveDraft('c1', 'ir_1', '', T0);
    expect(store.draft('c1', 'ir_1')?.text).toBe('');
  });

  it('ignores drafts for cases that are not watched', () => {
    store.saveDraft('other', 'ir_1', 'text', T0);
    expect(store.draft('other', 'ir_1')).toBeUndefined();
  });
});

describe('answers audit', () => {
  it('records answers, for watched cases or not, and updates outcomes', () => {
    const base = {
      caseId: 'c1',
      inputRequestId: 'ir_1',
      text: 'Approve the new address',
      who: 'avery',
      at: T0,
      outcome: 'sending' as const,
    };
    const first = store.recordAnswer(base);
    const second = store.recordAnswer({ ...base, at: T0 + 1 });
    expect(second).toBeGreaterThan(first);
    store.setAnswerOutcome(first, 'not-sent', 'network');
    store.setAnswerOutcome(second, 'accepted');
    expect(store.answers('c1')).toEqual([
      { ...base, id: first, outcome: 'not-sent', detail: 'network' },
      {
        ...base,
        id: second,
        at: T0 + 1,
        outcome: 'accepted',
        detail: undefined,
      },
    ]);
  });

  it('refuses an outcome for an answer that was never recorded', () => {
    expect(() => store.setAnswerOutcome(999, 'accepted')).toThrow(
      StoreInputError,
    );
  });
});

describe('downloads', () => {
  it('records downloads and replaces the record of the same target file', () => {
    const base = {
      caseId: 'c1',
      attachmentId: 'att_1',
      path: '/home/avery/Downloads/w9.pdf',
      size: 10,
      sha256: SHA.toUpperCase(),
      at: T0,
    };
    store.recordDownload(base);
    store.recordDownload({ ...base, size: 11, at: T0 + 1 });
    store.recordDownload({ ...base, path: '/tmp/w9 (1).pdf', at: T0 + 2 });
    expect(store.downloads('c1')).toEqual([
      { ...base, sha256: SHA, size: 11, at: T0 + 1 },
      { ...base, sha256: SHA, path: '/tmp/w9 (1).pdf', at: T0 + 2 },
    ]);
  });
});

describe('downloads under way', () => {
  const part = {
    caseId: 'c1',
    attachmentId: 'att_1',
    partPath: '/tmp/dl/w9.pdf.part',
    destination: '/tmp/dl/w9.pdf',
    expectedSize: 10,
    startedAt: T0,
  };

  it('remembers parts across a reopen, oldest first, until dropped', () => {
    const second = { ...part, partPath: '/tmp/dl/a.part', startedAt: T0 + 1 };
    store.savePendingDownload(second);
    store.savePendingDownload(part);
    store.savePendingDownload({ ...part, expectedSize: 12 });
    expect(reopen().pendingDownloads()).toEqual([
      { ...part, expectedSize: 12 },
      second,
    ]);
    store.dropPendingDownload(part.partPath);
    store.dropPendingDownload('/never/saved.part');
    expect(store.pendingDownloads()).toEqual([second]);
  });

  it.each([
    ['caseId', { caseId: '../x' }],
    ['attachmentId', { attachmentId: '' }],
    ['partPath', { partPath: 'x'.repeat(5_000) }],
    ['destination', { destination: 42 }],
    ['expectedSize', { expectedSize: -1 }],
    ['startedAt', { startedAt: Number.NaN }],
  ])('refuses a part with a bad %s', (field, change) => {
    expect(() =>
      store.savePendingDownload({ ...part, ...change } as typeof part),
    ).toThrow(new RegExp(`download\\.${field}`));
    expect(store.pendingDownloads()).toEqual([]);
  });
});

describe('sync state', () => {
  beforeEach(() => {
    store.watch([{ caseId: 'c1' }], 'single', T0);
  });

  it('is all null before anything was recorded', () => {
    expect(store.syncState('c1')).toEqual({
      caseId: 'c1',
      lastSyncedAt: null,
      lastError: null,
      transcriptSyncedAt: null,
      transcriptError: null,
    });
  });

  it('changes only the fields a patch names, null clearing one', () => {
    const error = { kind: 'network', message: 'offline', at: T0 + 2 };
    store.updateSyncState('c1', { lastSyncedAt: T0 + 1 });
    store.updateSyncState('c1', { lastError: error });
    store.updateSyncState('c1', { transcriptSyncedAt: T0 + 3 });
    expect(store.syncState('c1')).toEqual({
      caseId: 'c1',
      lastSyncedAt: T0 + 1,
      lastError: error,
      transcriptSyncedAt: T0 + 3,
      transcriptError: null,
    });
    store.updateSyncState('c1', { lastError: null, lastSyncedAt: undefined });
    expect(store.syncState('c1').lastError).toBeNull();
    expect(store.syncState('c1').lastSyncedAt).toBe(T0 + 1);
  });

  it('cuts a very long error message instead of failing', () => {
    const message = 'x'.repeat(50_000);
    store.updateSyncState('c1', {
      transcriptError: { kind: 'server-error', message, at: T0 },
    });
    const saved = store.syncState('c1').transcriptError?.message ?? '';
    expect(saved).toHaveLength(MAX_ERROR_MESSAGE_LENGTH);
    expect(saved.endsWith('…')).toBe(true);
  });

  it('ignores patches for cases that are not watched', () => {
    store.updateSyncState('other', { lastSyncedAt: T0 });
    expect(store.syncState('other').lastSyncedAt).toBeNull();
  });
});

describe('bad input', () => {
  beforeEach(() => {
    store.watch([{ caseId: 'c1' }], 'single', T0);
  });

  const view = sampleView('c1');
  const answer = {
    caseId: 'c1',
    inputRequestId: 'ir',
    text: 'ok',
    who: 'avery',
    at: T0,
    outcome: 'accepted' as const,
  };
  const download = {
    caseId: 'c1',
    attachmentId: 'a',
    path: '/tmp/a',
    size: 1,
    sha256: SHA,
    at: T0,
  };
  const cases: [string, (s: SqliteCaseStore) => unknown][] = [
    ['an empty case id', (s) => s.watch([{ caseId: '' }], 'cli', T0)],
    ['a case id with a slash', (s) => s.watch([{ caseId: 'a/b' }], 'cli', T0)],
    ['a case id with a space', (s) => s.watchedCase('a b')],
    ['a 201-character case id', (s) => s.snapshot('x'.repeat(201))],
    ['a non-string case id', (s) => s.timeline(loose(42))],
    ['a null watch entry', (s) => s.watch(loose([null]), 'cli', T0)],
    ['entries that are not a list', (s) => s.watch(loose('c1'), 'cli', T0)],
    [
      'a label of 201 characters',
      (s) => s.watch([{ caseId: 'c9', label: 'l'.repeat(201) }], 'cli', T0),
    ],
    [
      'a 257-character reference',
      (s) =>
        s.watch(
          [{ caseId: 'c9', clientReferenceId: 'r'.repeat(257) }],
          'cli',
          T0,
        ),
    ],
    ['an unknown source', (s) => s.watch([], loose('email'), T0)],
    ['a negative time', (s) => s.watch([], 'cli', -1)],
    ['a fractional time', (s) => s.markSeen('c1', 1.5)],
    ['a NaN time', (s) => s.saveSnapshot(view, Number.NaN)],
    ['an unknown flag', (s) => s.setAccessFlag('c1', loose('gone'))],
    [
      'a view without an id',
      (s) => s.saveSnapshot(loose({ ...view, caseId: undefined }), T0),
    ],
    [
      'a view with a text updatedAt',
      (s) => s.saveSnapshot(loose({ ...view, updatedAt: 'today' }), T0),
    ],
    ['unwatching a non-list', (s) => s.unwatch(loose('c1'))],
    ['unwatching a bad id', (s) => s.unwatch(['c1', ''])],
    [
      'a transcript that is not text',
      (s) => s.saveTranscript('c1', loose(5), T0, T0),
    ],
    [
      'an event without id',
      (s) => s.recordEvent({ ...event('c1', 't', T0), id: '' }),
    ],
    [
      'an event with array details',
      (s) => s.recordEvent({ ...event('c1', 't', T0), details: loose(null) }),
    ],
    [
      'event details over 100 000 characters',
      (s) =>
        s.recordEvent({
          ...event('c1', 't', T0),
          details: { text: 'x'.repeat(100_001) },
        }),
    ],
    ['an empty input request id', (s) => s.saveDraft('c1', '', 'x', T0)],
    [
      'a draft over 100 000 characters',
      (s) => s.saveDraft('c1', 'ir', 'x'.repeat(100_001), T0),
    ],
    ['an empty answer', (s) => s.recordAnswer({ ...answer, text: '' })],
    [
      'an unknown outcome',
      (s) => s.recordAnswer({ ...answer, outcome: loose('ok') }),
    ],
    ['an answer without who', (s) => s.recordAnswer({ ...answer, who: '' })],
    ['a negative answer id', (s) => s.setAnswerOutcome(-1, 'accepted')],
    ['a short sha256', (s) => s.recordDownload({ ...download, sha256: 'abc' })],
    ['a negative size', (s) => s.recordDownload({ ...download, size: -1 })],
    ['an empty path', (s) => s.recordDownload({ ...download, path: '' })],
    ['a null patch', (s) => s.updateSyncState('c1', loose(null))],
    [
      'an error without kind',
      (s) =>
        s.updateSyncState('c1', {
          lastError: loose({ message: 'm', at: T0 }),
        }),
    ],
    [
      'a text sync time',
      (s) => s.updateSyncState('c1', loose({ lastSyncedAt: 'now' })),
    ],
    ['a zero search limit', (s) => s.search('x', 0)],
    ['a search limit of 501', (s) => s.search('x', 501)],
    ['a search that is not text', (s) => s.search(loose(null))],
  ];

  it.each(cases)('refuses %s with a StoreInputError', (_name, call) => {
    expect(() => call(store as SqliteCaseStore)).toThrow(StoreInputError);
  });

  it('adds nothing from a list with one bad entry', () => {
    expect(() =>
      store.watch([{ caseId: 'c8' }, { caseId: 'bad id' }], 'paste', T0),
    ).toThrow(/entries\[1\]\.caseId/);
    expect(store.watchedCase('c8')).toBeUndefined();
  });

  it('accepts the limits themselves', () => {
    const longest = 'x'.repeat(200);
    store.watch([{ caseId: longest, label: 'l'.repeat(200) }], 'cli', T0);
    expect(store.watchedCase(longest)?.label).toHaveLength(200);
    store.saveDraft('c1', 'ir', 'x'.repeat(100_000), T0);
    expect(store.draft('c1', 'ir')?.text).toHaveLength(100_000);
  });
});

describe('batch', () => {
  it('lands every write of a batch together', () => {
    store.watch([{ caseId: 'c1' }], 'single', T0);
    const recorded = store.batch(() => {
      store.saveSnapshot(sampleView('c1'), T0);
      store.updateSyncState('c1', { lastSyncedAt: T0 });
      return store.recordEvent(event('c1', 'status_changed', T0));
    });
    expect(recorded).toBe(true);
    reopen();
    expect(store.snapshot('c1')?.fetchedAt).toBe(T0);
    expect(store.syncState('c1').lastSyncedAt).toBe(T0);
    expect(store.timeline('c1')).toHaveLength(1);
  });

  it('keeps none of a batch that throws half-way', () => {
    store.watch([{ caseId: 'c1' }], 'single', T0);
    expect(() =>
      store.batch(() => {
        store.recordEvent(event('c1', 'status_changed', T0));
        store.saveSnapshot(sampleView('c1'), T0);
        throw new Error('disk went away');
      }),
    ).toThrow('disk went away');
    expect(store.timeline('c1')).toEqual([]);
    expect(store.snapshot('c1')).toBeUndefined();
    // The event was not kept, so it is still new the next time.
    expect(store.recordEvent(event('c1', 'status_changed', T0))).toBe(true);
  });

  it('joins an outer batch when nested', () => {
    store.watch([{ caseId: 'c1' }], 'single', T0);
    expect(() =>
      store.batch(() => {
        store.batch(() => store.saveSnapshot(sampleView('c1'), T0));
        throw new Error('outer fails');
      }),
    ).toThrow('outer fails');
    expect(store.snapshot('c1')).toBeUndefined();
  });
});
