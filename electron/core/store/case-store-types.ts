import type { CaseView } from '../../../shared/offload/schemas.ts';

// The contract of the offline case store: what the poll engine, the answer
// flow, the CLI and (through IPC) the window may ask of it. The SQLite
// implementation lives in case-store.ts; nothing else touches the file.
// All times are epoch milliseconds.

/** How a case came onto the watch list. */
export type WatchSource = 'single' | 'paste' | 'file' | 'cli' | 'deep-link';

/** Why the API will not show a watched case to this key. */
export type AccessFlag = 'not-found' | 'forbidden';

export interface WatchEntry {
  caseId: string;
  label?: string | undefined;
  clientReferenceId?: string | undefined;
}

export interface WatchedCase extends WatchEntry {
  addedAt: number;
  addedHow: WatchSource;
  /** Set when the API answered 404 or 403; the case is kept, not dropped. */
  flag: AccessFlag | null;
}

export interface CaseSnapshot {
  caseId: string;
  view: CaseView;
  fetchedAt: number;
}

/** One row of the case list: the watch entry joined with its snapshot. */
export interface CaseListItem {
  caseId: string;
  label?: string | undefined;
  clientReferenceId?: string | undefined;
  flag: AccessFlag | null;
  /** Undefined until the case was fetched once. */
  status?: string | undefined;
  counterpartyName?: string | undefined;
  counterpartyAddress?: string | undefined;
  objective?: string | undefined;
  attemptCount?: number | undefined;
  maxAttempts?: number | undefined;
  createdAt?: number | undefined;
  updatedAt?: number | undefined;
  fetchedAt?: number | undefined;
  /** The snapshot changed after the person last opened the case. */
  unseen: boolean;
}

export interface TranscriptRecord {
  caseId: string;
  /** null when Offload has no thread for the case yet. */
  text: string | null;
  /** The case's `updatedAt` when the transcript was fetched. */
  caseUpdatedAt: number;
  fetchedAt: number;
}

/**
 * Something observed about a case. The id has Offload's own form,
 * `evt_{caseId}_{type}_{updatedAt}`, so an event is stored once however
 * often the same state is seen.
 */
export interface TimelineEvent {
  id: string;
  caseId: string;
  type: string;
  at: number;
  details: Record<string, unknown>;
}

export interface InputDraft {
  caseId: string;
  inputRequestId: string;
  text: string;
  savedAt: number;
}

export type AnswerOutcome = 'sending' | 'accepted' | 'not-sent' | 'rejected';

/** An answer submitted from this workstation. */
export interface AnswerRecord {
  id: number;
  caseId: string;
  inputRequestId: string;
  text: string;
  /** The workstation user (OS account name) who sent it. */
  who: string;
  at: number;
  outcome: AnswerOutcome;
  /** Error kind or words explaining a non-accepted outcome. */
  detail?: string | undefined;
}

export interface DownloadRecord {
  caseId: string;
  attachmentId: string;
  path: string;
  size: number;
  sha256: string;
  at: number;
}

export interface SyncError {
  kind: string;
  message: string;
  at: number;
}

export interface SyncState {
  caseId: string;
  lastSyncedAt: number | null;
  lastError: SyncError | null;
  transcriptSyncedAt: number | null;
  transcriptError: SyncError | null;
}

export type SearchField =
  'transcript' | 'clientReferenceId' | 'counterparty' | 'objective' | 'label';

export interface SearchHit {
  caseId: string;
  field: SearchField;
  /** Text around the match, matches wrapped in SEARCH_MARK_START/END. */
  snippet: string;
}

/** Markers around matched words in snippets (private-use characters). */
export const SEARCH_MARK_START = '\u{E000}';
export const SEARCH_MARK_END = '\u{E001}';

export interface CaseStore {
  readonly path: string;
  close(): void;
  /**
   * Runs `work` as one transaction: its writes land together or not at
   * all, and many small writes cost one commit. Nested calls join the
   * outer transaction.
   */
  batch<T>(work: () => T): T;

  // Watch list.
  watch(
    entries: readonly WatchEntry[],
    how: WatchSource,
    at: number,
  ): { added: string[]; already: string[] };
  unwatch(caseIds: readonly string[]): number;
  watched(): WatchedCase[];
  watchedCase(caseId: string): WatchedCase | undefined;
  /** Case ids matching a case id or a clientReferenceId (the join key). */
  resolve(idOrReference: string): string[];
  setAccessFlag(caseId: string, flag: AccessFlag | null): void;

  // Snapshots.
  saveSnapshot(view: CaseView, fetchedAt: number): void;
  snapshot(caseId: string): CaseSnapshot | undefined;
  listCases(): CaseListItem[];
  markSeen(caseId: string, at: number): void;

  // Transcripts.
  saveTranscript(
    caseId: string,
    text: string | null,
    caseUpdatedAt: number,
    fetchedAt: number,
  ): void;
  transcript(caseId: string): TranscriptRecord | undefined;

  // Timeline: recordEvent answers false when the id was seen before.
  recordEvent(event: TimelineEvent): boolean;
  timeline(caseId: string): TimelineEvent[];

  // Drafts, one per (case, input request).
  saveDraft(
    caseId: string,
    inputRequestId: string,
    text: string,
    at: number,
  ): void;
  draft(caseId: string, inputRequestId: string): InputDraft | undefined;
  dropDraft(caseId: string, inputRequestId: string): void;

  // Audit of answers sent from here.
  recordAnswer(answer: Omit<AnswerRecord, 'id'>): number;
  setAnswerOutcome(id: number, outcome: AnswerOutcome, detail?: string): void;
  answers(caseId: string): AnswerRecord[];

  // Downloads.
  recordDownload(download: DownloadRecord): void;
  downloads(caseId: string): DownloadRecord[];

  // Sync state per case.
  updateSyncState(
    caseId: string,
    patch: Partial<Omit<SyncState, 'caseId'>>,
  ): void;
  syncState(caseId: string): SyncState;

  // Full-text search over transcripts and case fields.
  search(query: string, limit?: number): SearchHit[];
}

/** What opening the store found. */
export interface OpenedStore {
  store: CaseStore;
  /**
   * Set when the file was corrupt: it was moved aside to `movedTo` and a
   * fresh store was created, to be refilled from the API.
   */
  recovered: { movedTo: string; reason: string } | null;
  /**
   * Watched cases read back from the damaged file into the fresh store
   * (the API cannot list them); 0 when nothing was damaged.
   */
  restoredWatchEntries: number;
}
