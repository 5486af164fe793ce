import type { CaseView } from './offload/schemas.ts';

// The console's saved data about cases, as plain values: what the case
// store keeps, the poll engine reports and the window shows. Shared so the
// IPC contract and the renderer name the same shapes the store returns.
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
