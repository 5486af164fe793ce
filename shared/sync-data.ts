import type { AccessFlag, SyncState } from './case-data.ts';
import type {
  CaseAttachment,
  CaseStatus,
  CaseView,
} from './offload/schemas.ts';

// What the poll engine tells the rest of the app. Events about a change
// of a case are emitted exactly once per change, across restarts: each is
// first recorded in the store's timeline under an id of Offload's webhook
// form, and emitted only when that id was new.

/** Whether the engine can reach Offload with the configured key. */
export type ConnectionState =
  'online' | 'offline' | 'key-rejected' | 'no-key' | 'stopped';

export interface EngineError {
  kind: string;
  message: string;
}

export interface EngineState {
  connection: ConnectionState;
  /** Local time of the last successful read of any case. */
  lastSyncAt: number | null;
  /** Why the connection is not online, when it is not. */
  lastError?: EngineError | undefined;
}

export type SyncEvent =
  /** The case's snapshot changed (or the case was seen the first time). */
  | {
      type: 'case-changed';
      caseId: string;
      view: CaseView;
      /** Undefined the first time the case is seen. */
      previous: CaseView | undefined;
    }
  /** Not emitted the first time a case is seen: there is no "from". */
  | {
      type: 'status-changed';
      caseId: string;
      from: CaseStatus;
      to: CaseStatus;
      view: CaseView;
    }
  /** A new question waits for a person (also on first sight). */
  | {
      type: 'input-needed';
      caseId: string;
      inputRequestId: string;
      question: string;
      view: CaseView;
    }
  | { type: 'completed'; caseId: string; view: CaseView }
  | { type: 'failed'; caseId: string; view: CaseView }
  /** Attachments that were not on the previous snapshot. */
  | {
      type: 'attachments-added';
      caseId: string;
      attachments: CaseAttachment[];
      view: CaseView;
    }
  /** The saved transcript text changed (or was saved the first time). */
  | { type: 'transcript-updated'; caseId: string; caseUpdatedAt: number }
  /** The case's access flag changed; null means access is back. */
  | { type: 'case-flagged'; caseId: string; flag: AccessFlag | null }
  | { type: 'sync-state'; state: EngineState }
  /** A case's error state changed (an error appeared or cleared). */
  | { type: 'case-sync-state'; caseId: string; syncState: SyncState };

export type SyncEventType = SyncEvent['type'];
export type SyncListener = (event: SyncEvent) => void;

/** What one pass over cases did. */
export interface SyncSummary {
  /** Cases the pass meant to read. */
  cases: number;
  /** Cases read successfully. */
  fetched: number;
  /** Of those, cases whose `updatedAt` moved (or that were new). */
  changed: number;
  /** Cases whose read failed. */
  failed: number;
  /** Cases not tried because the pass stopped early (see `stoppedBy`). */
  skipped: number;
  transcriptsFetched: number;
  transcriptsFailed: number;
  /** Calls made to Offload (the client may retry a call internally). */
  requests: number;
  stoppedBy: 'key-rejected' | 'no-key' | 'offline' | 'aborted' | null;
}
