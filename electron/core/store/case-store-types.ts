import type { CaseView } from '../../../shared/offload/schemas.ts';
import type {
  AnswerOutcome,
  AnswerRecord,
  CaseListItem,
  CaseSnapshot,
  DownloadRecord,
  InputDraft,
  SearchHit,
  SyncState,
  TimelineEvent,
  TranscriptRecord,
  WatchEntry,
  WatchSource,
  WatchedCase,
  AccessFlag,
} from '../../../shared/case-data.ts';

// The contract of the offline case store: what the poll engine, the answer
// flow, the CLI and (through IPC) the window may ask of it. The SQLite
// implementation lives in case-store.ts; nothing else touches the file.
// The shapes it stores and returns are in shared/case-data.ts, re-exported
// here for the core. All times are epoch milliseconds.

export type {
  WatchSource,
  AccessFlag,
  WatchEntry,
  WatchedCase,
  CaseSnapshot,
  CaseListItem,
  TranscriptRecord,
  TimelineEvent,
  InputDraft,
  AnswerOutcome,
  AnswerRecord,
  DownloadRecord,
  SyncError,
  SyncState,
  SearchField,
  SearchHit,
} from '../../../shared/case-data.ts';
export {
  SEARCH_MARK_END,
  SEARCH_MARK_START,
} from '../../../shared/case-data.ts';

/**
 * A download under way, remembered so that the next start can resume or
 * remove its `.part` file if the app stops before the download ends.
 * Main-process only: it never crosses IPC.
 */
export interface PendingDownload {
  caseId: string;
  attachmentId: string;
  /** The `.part` file being written; one row per part. */
  partPath: string;
  /** The final path the part is renamed to once complete. */
  destination: string;
  expectedSize: number;
  startedAt: number;
}

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
  /** All watched cases, or only the `first` most recently changed. */
  listCases(first?: number): CaseListItem[];
  /** Ids of watched, unflagged cases whose saved status is `status`. */
  watchedWithStatus(status: string): string[];
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
  /** Remembers a download under way (replaces the row of the same part). */
  savePendingDownload(download: PendingDownload): void;
  /** Every download under way or left by a crash, oldest first. */
  pendingDownloads(): PendingDownload[];
  dropPendingDownload(partPath: string): void;

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
