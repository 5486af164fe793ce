import type { CaseView } from '../../../shared/offload/schemas.ts';
import { isTerminalStatus } from '../../../shared/offload/case-rules.ts';
import type { SyncState, TranscriptRecord } from '../store/case-store-types.ts';

// When a case's transcript is worth fetching. `includeTranscript=true` is
// a live mail-provider fetch, slow and fallible (offload-api.md §3.2), so
// it is never part of the plain polling read: it runs in its own lane,
// only when the thread can have changed.
//
// - The saved transcript belongs to the case's current `updatedAt`:
//   nothing to do.
// - The case is COMPLETED or FAILED: the final transcript, once.
// - The poller saw `updatedAt` move: a message may have arrived.
// - A saved transcript is older than the case, or the last try failed:
//   catch up (the engine spaces retries with a backoff).
// - A case seen for the first time and still active gets its transcript
//   on demand (when someone opens it) or at its next change: fetching the
//   threads of thousands of newly watched cases at once would cost one
//   slow provider call each for text nobody may read.

export interface TranscriptInput {
  view: CaseView;
  /** The snapshot before this read; undefined on first sight. */
  previous: CaseView | undefined;
  transcript: Pick<TranscriptRecord, 'caseUpdatedAt'> | undefined;
  syncState: Pick<SyncState, 'transcriptError'> | undefined;
}

/** Whether to queue a transcript fetch after reading a case. */
export function needsTranscript(input: TranscriptInput): boolean {
  const { view, previous, transcript, syncState } = input;
  if (transcript?.caseUpdatedAt === view.updatedAt) return false;
  if (isTerminalStatus(view.status)) return true;
  if (previous && previous.updatedAt !== view.updatedAt) return true;
  if (transcript) return true;
  return Boolean(syncState?.transcriptError);
}
