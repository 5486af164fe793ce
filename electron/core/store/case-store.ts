import { readWatchList, restoreWatchList } from './watch-list-salvage.ts';
import type { DatabaseSync } from 'node:sqlite';
import type { CaseView } from '../../../shared/offload/schemas.ts';
import { silentLogger, type Logger } from '../logger.ts';
import { CaseSearchIndex } from './case-search.ts';
import { prepareStatements, type Statements } from './case-store-statements.ts';
import type {
  AccessFlag,
  AnswerOutcome,
  AnswerRecord,
  CaseListItem,
  CaseSnapshot,
  CaseStore,
  DownloadRecord,
  InputDraft,
  OpenedStore,
  PendingDownload,
  SearchHit,
  SyncError,
  SyncState,
  TimelineEvent,
  TranscriptRecord,
  WatchEntry,
  WatchSource,
  WatchedCase,
} from './case-store-types.ts';
import { openStoreDatabase, type IntegrityCheck } from './store-file.ts';
import {
  ACCESS_FLAGS,
  ANSWER_OUTCOMES,
  MAX_ANSWER_LENGTH,
  MAX_DETAILS_LENGTH,
  MAX_ERROR_MESSAGE_LENGTH,
  MAX_KEY_LENGTH,
  MAX_LABEL_LENGTH,
  MAX_PATH_LENGTH,
  MAX_REFERENCE_LENGTH,
  MAX_TRANSCRIPT_LENGTH,
  StoreInputError,
  WATCH_SOURCES,
  checkCaseId,
  checkCount,
  checkOneOf,
  checkOptionalText,
  checkText,
  checkTime,
  normalizeName,
} from './store-limits.ts';

// The offline case store: one SQLite file (node:sqlite) holding the watch
// list and everything the console learnt about each case, so that the
// list, transcripts and drafts are there offline and after a restart.
// Rows that describe a watched case live only while it is watched; writes
// about a case that is not (a late poll answer after unwatch) are dropped
// so they cannot bring it back. Every statement is prepared once; every
// write of more than one statement is one transaction.

export interface CaseStoreOptions {
  logger?: Logger;
  /** Clock for the name of a damaged file moved aside and check times. */
  now?: () => number;
  /** When to read the whole file for damage (store-file.ts). */
  integrityCheck?: IntegrityCheck;
}

/** Search results returned when the caller names no limit. */
export const DEFAULT_SEARCH_LIMIT = 50;
export const MAX_SEARCH_LIMIT = 500;

/**
 * Opens the store at `path` (creating it and its folder), repairing a
 * damaged file by moving it aside; see OpenedStore.recovered.
 */
export function openCaseStore(
  path: string,
  options: CaseStoreOptions = {},
): OpenedStore {
  const logger = (options.logger ?? silentLogger).child('store');
  const { db, recovered } = openStoreDatabase(
    path,
    logger,
    options.now ?? Date.now,
    options.integrityCheck,
  );
  const store = new SqliteCaseStore(db, path, logger);
  const restoredWatchEntries = recovered
    ? restoreWatchList(store, readWatchList(recovered.movedTo, logger), logger)
    : 0;
  return { store, recovered, restoredWatchEntries };
}

type Row = Record<string, unknown>;

function optionalText(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : String(value);
}

function optionalNumber(value: unknown): number | undefined {
  return value === null || value === undefined ? undefined : Number(value);
}

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function toWatchedCase(row: Row): WatchedCase {
  return {
    caseId: String(row['case_id']),
    label: optionalText(row['label']),
    clientReferenceId: optionalText(row['client_reference_id']),
    addedAt: Number(row['added_at']),
    addedHow: row['added_how'] as WatchSource,
    flag: (row['flag'] ?? null) as AccessFlag | null,
  };
}

function toAnswer(row: Row): AnswerRecord {
  return {
    id: Number(row['id']),
    caseId: String(row['case_id']),
    inputRequestId: String(row['input_request_id']),
    text: String(row['text']),
    who: String(row['who']),
    at: Number(row['at']),
    outcome: row['outcome'] as AnswerOutcome,
    detail: optionalText(row['detail']),
  };
}

function parseSyncError(value: unknown): SyncError | null {
  return typeof value === 'string' ? (JSON.parse(value) as SyncError) : null;
}

function checkSyncError(value: unknown, field: string): SyncError | null {
  if (value === null) return null;
  if (typeof value !== 'object') {
    throw new StoreInputError(field, 'must be an object or null');
  }
  const error = value as Partial<SyncError>;
  const message = checkOptionalText(
    error.message,
    `${field}.message`,
    Number.MAX_SAFE_INTEGER,
  );
  return {
    kind: checkText(error.kind, `${field}.kind`, MAX_KEY_LENGTH),
    // Messages come from errors we do not control; a long one is cut
    // rather than refused, so that recording a failure cannot fail.
    message:
      message.length > MAX_ERROR_MESSAGE_LENGTH
        ? `${message.slice(0, MAX_ERROR_MESSAGE_LENGTH - 1)}…`
        : message,
    at: checkTime(error.at, `${field}.at`),
  };
}

/** Marked cases that trigger a bulk rebuild of their search fields. */
const SEARCH_FLUSH_AT = 512;

const SYNC_PATCH_KEYS = [
  'lastSyncedAt',
  'lastError',
  'transcriptSyncedAt',
  'transcriptError',
] as const;

/** The CaseStore on one SQLite connection. */
export class SqliteCaseStore implements CaseStore {
  readonly path: string;
  readonly #db: DatabaseSync;
  readonly #logger: Logger;
  readonly #search: CaseSearchIndex;
  readonly #statements: Statements;
  #closed = false;
  /** Rows in search_pending; the index is rebuilt in bulk past a bound. */
  #pending: number;

  constructor(db: DatabaseSync, path: string, logger: Logger = silentLogger) {
    this.#db = db;
    this.path = path;
    this.#logger = logger;
    this.#search = new CaseSearchIndex(db);
    this.#statements = prepareStatements(db);
    this.#statements.listCases.setReturnArrays(true);
    this.#statements.listFirstCases.setReturnArrays(true);
    this.#pending = Number(this.#statements.countPending.get()?.['n'] ?? 0);
  }

  /** Closes the file; later calls on this store throw. Safe to repeat. */
  close(): void {
    if (this.#closed) return;
    try {
      this.#flushSearchIndex();
    } catch (error) {
      // The marks stay in the file and are applied on the next open.
      this.#logger.warn('could not bring the search index up to date', {
        error,
      });
    }
    this.#closed = true;
    try {
      // Lets SQLite refresh its planner statistics when they are stale.
      this.#db.exec('PRAGMA optimize');
    } catch (error) {
      // Closing must not fail: the statistics are only a speed hint.
      this.#logger.warn('could not refresh store statistics', { error });
    } finally {
      this.#db.close();
    }
  }

  // ------------------------------------------------------------ watch list

  watch(
    entries: readonly WatchEntry[],
    how: WatchSource,
    at: number,
  ): { added: string[]; already: string[] } {
    checkOneOf(how, WATCH_SOURCES, 'how');
    checkTime(at, 'at');
    if (!Array.isArray(entries)) {
      throw new StoreInputError('entries', 'must be an array');
    }
    // Everything is checked before anything is written: a list with one
    // bad entry adds nothing.
    const wanted = new Map<string, { label?: string; reference?: string }>();
    entries.forEach((entry: WatchEntry, index) => {
      const caseId = checkCaseId(entry?.caseId, `entries[${index}].caseId`);
      const label = normalizeName(
        entry.label,
        `entries[${index}].label`,
        MAX_LABEL_LENGTH,
      );
      const reference = normalizeName(
        entry.clientReferenceId,
        `entries[${index}].clientReferenceId`,
        MAX_REFERENCE_LENGTH,
      );
      const seen = wanted.get(caseId);
      if (seen) {
        seen.label ??= label;
        seen.reference ??= reference;
      } else {
        wanted.set(caseId, {
          ...(label === undefined ? {} : { label }),
          ...(reference === undefined ? {} : { reference }),
        });
      }
    });

    const s = this.#live();
    return this.#transaction(() => {
      const added: string[] = [];
      const already: string[] = [];
      for (const [caseId, { label, reference }] of wanted) {
        const inserted = s.insertWatch.run(
          caseId,
          label ?? null,
          reference ?? null,
          at,
          how,
        );
        if (inserted.changes > 0) {
          added.push(caseId);
          if (label !== undefined || reference !== undefined) {
            this.#search.reindexCase(caseId);
          }
          continue;
        }
        already.push(caseId);
        // Watching again keeps when and how the case was first added, but
        // a label or reference given now fills one that was missing.
        const filled = s.fillWatchNames.run(
          label ?? null,
          reference ?? null,
          caseId,
        );
        if (filled.changes > 0) this.#search.reindexCase(caseId);
      }
      return { added, already };
    });
  }

  /**
   * Stops watching: the snapshot, transcript, timeline, drafts and sync
   * state of each case go (foreign keys cascade). The answers audit and
   * the download records stay: they are history of what was sent and
   * written to disk from this workstation, needed to answer "who told the
   * vendor what" after a case is closed, and they come back into view if
   * the case is watched again.
   */
  unwatch(caseIds: readonly string[]): number {
    if (!Array.isArray(caseIds)) {
      throw new StoreInputError('caseIds', 'must be an array');
    }
    const ids = caseIds.map((id, index) =>
      checkCaseId(id, `caseIds[${index}]`),
    );
    const s = this.#live();
    return this.#transaction(() => {
      let removed = 0;
      for (const caseId of new Set(ids)) {
        const row = s.selectWatch.get(caseId);
        if (!row) continue;
        this.#search.dropCase(Number(row['id']));
        removed += Number(s.deleteWatch.run(caseId).changes);
      }
      return removed;
    });
  }

  watched(): WatchedCase[] {
    return this.#live().allWatched.all().map(toWatchedCase);
  }

  watchedCase(caseId: string): WatchedCase | undefined {
    const row = this.#live().selectWatch.get(checkCaseId(caseId));
    return row ? toWatchedCase(row) : undefined;
  }

  /**
   * A watched case whose id is the trimmed text, or else every watched
   * case whose clientReferenceId (given when watching, or echoed by the
   * API) equals it exactly.
   */
  resolve(idOrReference: string): string[] {
    if (typeof idOrReference !== 'string') return [];
    const text = idOrReference.trim();
    if (text.length === 0 || text.length > MAX_KEY_LENGTH) return [];
    const s = this.#live();
    if (s.selectWatch.get(text)) return [text];
    return s.selectByReference.all(text).map((row) => String(row['case_id']));
  }

  setAccessFlag(caseId: string, flag: AccessFlag | null): void {
    checkCaseId(caseId);
    if (flag !== null) checkOneOf(flag, ACCESS_FLAGS, 'flag');
    this.#live().setFlag.run(flag, caseId);
  }

  // ------------------------------------------------------------- snapshots

  /**
   * Stores the latest view of a watched case; an older view (by updatedAt,
   * then fetchedAt) than the one stored is ignored, so a slow answer cannot
   * overwrite a newer one. The transcript is kept in its own table, so
   * `conversationThread` is not stored with the view.
   */
  saveSnapshot(view: CaseView, fetchedAt: number): void {
    const caseId = checkCaseId(view?.caseId, 'view.caseId');
    checkTime(fetchedAt, 'fetchedAt');
    checkTime(view.updatedAt, 'view.updatedAt');
    checkTime(view.createdAt, 'view.createdAt');
    checkText(view.status, 'view.status', MAX_KEY_LENGTH);
    const stored: CaseView = { ...view };
    delete stored.conversationThread;
    const reference = view.clientReferenceId || null;
    const s = this.#live();
    this.#transaction(() => {
      if (!s.selectWatch.get(caseId)) {
        this.#logger.debug('snapshot of an unwatched case ignored', {
          caseId,
        });
        return;
      }
      const written = s.upsertSnapshot.run(
        caseId,
        JSON.stringify(stored),
        view.status,
        reference,
        view.counterparty?.name ?? null,
        view.counterparty?.address ?? null,
        view.counterparty?.company ?? null,
        view.goal?.objective ?? null,
        view.attemptCount ?? 0,
        view.maxAttempts ?? 0,
        view.createdAt,
        view.updatedAt,
        fetchedAt,
      );
      if (written.changes === 0) return;
      if (reference !== null) s.fillWatchReference.run(reference, caseId);
      this.#markForSearch(caseId);
    });
  }

  /** Queues a case's search fields; see search_pending in the schema. */
  #markForSearch(caseId: string): void {
    if (this.#statements.markPending.run(caseId).changes > 0) {
      this.#pending += 1;
    }
    if (this.#pending >= SEARCH_FLUSH_AT) this.#flushSearchIndex();
  }

  /** Rebuilds the field rows of every marked case, in one transaction. */
  #flushSearchIndex(): void {
    if (this.#pending === 0) return;
    const s = this.#live();
    this.#transaction(() => {
      for (const row of s.pendingIds.all()) {
        this.#search.reindexCase(String(row['case_id']));
      }
      s.clearPending.run();
    });
    this.#pending = 0;
  }

  snapshot(caseId: string): CaseSnapshot | undefined {
    const row = this.#live().selectSnapshot.get(checkCaseId(caseId));
    if (!row) return undefined;
    return {
      caseId,
      view: JSON.parse(String(row['view_json'])) as CaseView,
      fetchedAt: Number(row['fetched_at']),
    };
  }

  /** Every watched case (or the `first` few), most recently changed first. */
  listCases(first?: number): CaseListItem[] {
    // Rows come as arrays (no per-row key objects): with 10,000 cases
    // this is the difference that shows when the window opens.
    const s = this.#live();
    const rows = (first === undefined
      ? s.listCases.all()
      : s.listFirstCases.all(
          checkCount(first, 'first'),
        )) as unknown as unknown[][];
    return rows.map(
      ([
        caseId,
        label,
        flag,
        reference,
        status,
        counterpartyName,
        counterpartyAddress,
        objective,
        attemptCount,
        maxAttempts,
        createdAt,
        updatedAt,
        fetchedAt,
        unseen,
      ]) => ({
        caseId: String(caseId),
        label: optionalText(label),
        clientReferenceId: optionalText(reference),
        flag: (flag ?? null) as AccessFlag | null,
        status: optionalText(status),
        counterpartyName: optionalText(counterpartyName),
        counterpartyAddress: optionalText(counterpartyAddress),
        objective: optionalText(objective),
        attemptCount: optionalNumber(attemptCount),
        maxAttempts: optionalNumber(maxAttempts),
        createdAt: optionalNumber(createdAt),
        updatedAt: optionalNumber(updatedAt),
        fetchedAt: optionalNumber(fetchedAt),
        unseen: unseen === 1,
      }),
    );
  }

  /** Watched cases, not flagged, whose saved status is `status`. */
  watchedWithStatus(status: string): string[] {
    return this.#live()
      .watchedWithStatus.all(status)
      .map((row) => String(row['case_id']));
  }

  /**
   * Records that the person opened the case as it is stored now: it stays
   * seen until a snapshot with another updatedAt arrives.
   */
  markSeen(caseId: string, at: number): void {
    checkCaseId(caseId);
    checkTime(at, 'at');
    this.#live().markSeen.run(at, caseId);
  }

  // ----------------------------------------------------------- transcripts

  /**
   * Stores the transcript of a watched case unless the stored one is newer
   * (by the case's updatedAt, then fetchedAt).
   */
  saveTranscript(
    caseId: string,
    text: string | null,
    caseUpdatedAt: number,
    fetchedAt: number,
  ): void {
    checkCaseId(caseId);
    if (text !== null) {
      checkOptionalText(text, 'text', MAX_TRANSCRIPT_LENGTH);
    }
    checkTime(caseUpdatedAt, 'caseUpdatedAt');
    checkTime(fetchedAt, 'fetchedAt');
    const s = this.#live();
    this.#transaction(() => {
      if (!s.selectWatch.get(caseId)) return;
      s.upsertTranscript.run(caseId, text, caseUpdatedAt, fetchedAt);
    });
  }

  transcript(caseId: string): TranscriptRecord | undefined {
    const row = this.#live().selectTranscript.get(checkCaseId(caseId));
    if (!row) return undefined;
    return {
      caseId,
      text: optionalText(row['text']) ?? null,
      caseUpdatedAt: Number(row['case_updated_at']),
      fetchedAt: Number(row['fetched_at']),
    };
  }

  // -------------------------------------------------------------- timeline

  /** True when the event was new; false when seen before or unwatched. */
  recordEvent(event: TimelineEvent): boolean {
    const id = checkText(event?.id, 'event.id', MAX_KEY_LENGTH);
    const caseId = checkCaseId(event.caseId, 'event.caseId');
    const type = checkText(event.type, 'event.type', MAX_KEY_LENGTH);
    const at = checkTime(event.at, 'event.at');
    if (typeof event.details !== 'object' || event.details === null) {
      throw new StoreInputError('event.details', 'must be an object');
    }
    const details = JSON.stringify(event.details);
    if (details.length > MAX_DETAILS_LENGTH) {
      throw new StoreInputError(
        'event.details',
        `must serialise to at most ${MAX_DETAILS_LENGTH} characters`,
      );
    }
    return (
      this.#live().insertEvent.run(id, caseId, type, at, details, caseId)
        .changes > 0
    );
  }

  /** The case's events, oldest first. */
  timeline(caseId: string): TimelineEvent[] {
    return this.#live()
      .timeline.all(checkCaseId(caseId))
      .map((row) => ({
        id: String(row['id']),
        caseId: String(row['case_id']),
        type: String(row['type']),
        at: Number(row['at']),
        details: JSON.parse(String(row['details_json'])) as Record<
          string,
          unknown
        >,
      }));
  }

  // ---------------------------------------------------------------- drafts

  /** Keeps what the person typed (empty text too); ignored if unwatched. */
  saveDraft(
    caseId: string,
    inputRequestId: string,
    text: string,
    at: number,
  ): void {
    checkCaseId(caseId);
    checkText(inputRequestId, 'inputRequestId', MAX_KEY_LENGTH);
    checkOptionalText(text, 'text', MAX_ANSWER_LENGTH);
    checkTime(at, 'at');
    this.#live().upsertDraft.run(caseId, inputRequestId, text, at, caseId);
  }

  draft(caseId: string, inputRequestId: string): InputDraft | undefined {
    checkCaseId(caseId);
    checkText(inputRequestId, 'inputRequestId', MAX_KEY_LENGTH);
    const row = this.#live().selectDraft.get(caseId, inputRequestId);
    if (!row) return undefined;
    return {
      caseId,
      inputRequestId,
      text: String(row['text']),
      savedAt: Number(row['saved_at']),
    };
  }

  dropDraft(caseId: string, inputRequestId: string): void {
    checkCaseId(caseId);
    checkText(inputRequestId, 'inputRequestId', MAX_KEY_LENGTH);
    this.#live().deleteDraft.run(caseId, inputRequestId);
  }

  // --------------------------------------------------------------- answers

  /** Appends to the audit (watched or not); returns the record's id. */
  recordAnswer(answer: Omit<AnswerRecord, 'id'>): number {
    const caseId = checkCaseId(answer?.caseId, 'answer.caseId');
    const inputRequestId = checkText(
      answer.inputRequestId,
      'answer.inputRequestId',
      MAX_KEY_LENGTH,
    );
    const text = checkText(answer.text, 'answer.text', MAX_ANSWER_LENGTH);
    const who = checkText(answer.who, 'answer.who', MAX_KEY_LENGTH);
    const at = checkTime(answer.at, 'answer.at');
    const outcome = checkOneOf(
      answer.outcome,
      ANSWER_OUTCOMES,
      'answer.outcome',
    );
    const detail =
      answer.detail === undefined
        ? null
        : checkOptionalText(answer.detail, 'answer.detail', MAX_ANSWER_LENGTH);
    const result = this.#live().insertAnswer.run(
      caseId,
      inputRequestId,
      text,
      who,
      at,
      outcome,
      detail,
    );
    return Number(result.lastInsertRowid);
  }

  /** Sets the outcome (and replaces the detail) of a recorded answer. */
  setAnswerOutcome(id: number, outcome: AnswerOutcome, detail?: string): void {
    checkCount(id, 'id');
    checkOneOf(outcome, ANSWER_OUTCOMES, 'outcome');
    const storedDetail =
      detail === undefined
        ? null
        : checkOptionalText(detail, 'detail', MAX_ANSWER_LENGTH);
    const result = this.#live().setOutcome.run(outcome, storedDetail, id);
    if (result.changes === 0) {
      throw new StoreInputError('id', `${id} names no recorded answer`);
    }
  }

  /** Answers sent for the case from here, oldest first. */
  answers(caseId: string): AnswerRecord[] {
    return this.#live().answers.all(checkCaseId(caseId)).map(toAnswer);
  }

  // ------------------------------------------------------------- downloads

  /** Records a file written to disk; the same target path is replaced. */
  recordDownload(download: DownloadRecord): void {
    const caseId = checkCaseId(download?.caseId, 'download.caseId');
    const attachmentId = checkText(
      download.attachmentId,
      'download.attachmentId',
      MAX_KEY_LENGTH,
    );
    const path = checkText(download.path, 'download.path', MAX_PATH_LENGTH);
    const size = checkCount(download.size, 'download.size');
    if (
      typeof download.sha256 !== 'string' ||
      !/^[0-9a-f]{64}$/i.test(download.sha256)
    ) {
      throw new StoreInputError('download.sha256', 'must be 64 hex digits');
    }
    const at = checkTime(download.at, 'download.at');
    this.#live().upsertDownload.run(
      caseId,
      attachmentId,
      path,
      size,
      download.sha256.toLowerCase(),
      at,
    );
  }

  /** Files downloaded for the case, oldest first. */
  downloads(caseId: string): DownloadRecord[] {
    return this.#live()
      .downloads.all(checkCaseId(caseId))
      .map((row) => ({
        caseId: String(row['case_id']),
        attachmentId: String(row['attachment_id']),
        path: String(row['path']),
        size: Number(row['size']),
        sha256: String(row['sha256']),
        at: Number(row['at']),
      }));
  }

  /** Remembers a download under way; see PendingDownload. */
  savePendingDownload(download: PendingDownload): void {
    const caseId = checkCaseId(download?.caseId, 'download.caseId');
    const attachmentId = checkText(
      download.attachmentId,
      'download.attachmentId',
      MAX_KEY_LENGTH,
    );
    const partPath = checkText(
      download.partPath,
      'download.partPath',
      MAX_PATH_LENGTH,
    );
    const destination = checkText(
      download.destination,
      'download.destination',
      MAX_PATH_LENGTH,
    );
    const expectedSize = checkCount(
      download.expectedSize,
      'download.expectedSize',
    );
    const startedAt = checkTime(download.startedAt, 'download.startedAt');
    this.#live().upsertPart.run(
      partPath,
      caseId,
      attachmentId,
      destination,
      expectedSize,
      startedAt,
    );
  }

  /** Downloads under way or left by a crash, oldest first. */
  pendingDownloads(): PendingDownload[] {
    return this.#live()
      .parts.all()
      .map((row) => ({
        caseId: String(row['case_id']),
        attachmentId: String(row['attachment_id']),
        partPath: String(row['part_path']),
        destination: String(row['destination']),
        expectedSize: Number(row['expected_size']),
        startedAt: Number(row['started_at']),
      }));
  }

  /** Forgets a download once its part is renamed or removed. */
  dropPendingDownload(partPath: string): void {
    checkText(partPath, 'partPath', MAX_PATH_LENGTH);
    this.#live().deletePart.run(partPath);
  }

  // ------------------------------------------------------------ sync state

  /**
   * Changes the fields named in the patch (null clears one) and keeps the
   * others; ignored for a case that is not watched.
   */
  updateSyncState(
    caseId: string,
    patch: Partial<Omit<SyncState, 'caseId'>>,
  ): void {
    checkCaseId(caseId);
    if (typeof patch !== 'object' || patch === null) {
      throw new StoreInputError('patch', 'must be an object');
    }
    const next: Partial<Omit<SyncState, 'caseId'>> = {};
    for (const key of SYNC_PATCH_KEYS) {
      const value = patch[key];
      if (value === undefined) continue;
      if (key === 'lastSyncedAt' || key === 'transcriptSyncedAt') {
        next[key] = value === null ? null : checkTime(value, `patch.${key}`);
      } else {
        next[key] = checkSyncError(value, `patch.${key}`);
      }
    }
    this.#transaction(() => {
      const merged = { ...this.syncState(caseId), ...next };
      this.#live().upsertSync.run(
        caseId,
        merged.lastSyncedAt,
        merged.lastError && JSON.stringify(merged.lastError),
        merged.transcriptSyncedAt,
        merged.transcriptError && JSON.stringify(merged.transcriptError),
        caseId,
      );
    });
  }

  /** The case's sync state; all null when nothing was recorded. */
  syncState(caseId: string): SyncState {
    const row = this.#live().selectSync.get(checkCaseId(caseId));
    return {
      caseId,
      lastSyncedAt: nullableNumber(row?.['last_synced_at']),
      lastError: parseSyncError(row?.['last_error_json']),
      transcriptSyncedAt: nullableNumber(row?.['transcript_synced_at']),
      transcriptError: parseSyncError(row?.['transcript_error_json']),
    };
  }

  // ---------------------------------------------------------------- search

  /**
   * Free-text search over transcripts and case fields; see search-query.ts
   * for how the text is read. Best matches first.
   */
  search(query: string, limit = DEFAULT_SEARCH_LIMIT): SearchHit[] {
    if (typeof query !== 'string') {
      throw new StoreInputError('query', 'must be a string');
    }
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) {
      throw new StoreInputError(
        'limit',
        `must be an integer from 1 to ${MAX_SEARCH_LIMIT}`,
      );
    }
    this.#live();
    this.#flushSearchIndex();
    return this.#search.search(query, limit);
  }

  // ------------------------------------------------------------- internals

  /** The prepared statements, or a clear error once the store is closed. */
  #live(): Statements {
    if (this.#closed) throw new Error('The case store is closed.');
    return this.#statements;
  }

  /** Runs `work` in one write transaction (joining one already open). */
  batch<T>(work: () => T): T {
    return this.#transaction(work);
  }

  #transaction<T>(work: () => T): T {
    if (this.#db.isTransaction) return work();
    const s = this.#live();
    // IMMEDIATE takes the write lock up front, so a second connection (the
    // CLI) waits in the busy handler instead of failing mid-transaction.
    s.begin.run();
    try {
      const result = work();
      s.commit.run();
      return result;
    } catch (error) {
      if (this.#db.isTransaction) s.rollback.run();
      // A rollback can bring back search marks a flush had cleared.
      this.#pending = Number(s.countPending.get()?.['n'] ?? 0);
      throw error;
    }
  }
}
