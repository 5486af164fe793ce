import type { CaseDetail } from '../../shared/ipc.ts';
import type { CaseStore } from '../core/store/case-store-types.ts';

// Everything the detail pane shows about one case, read from the store in
// one go so the window needs one call, not six.

/** The case's detail, or null when it is not watched. */
export function caseDetail(
  store: CaseStore,
  caseId: string,
): CaseDetail | null {
  const watched = store.watchedCase(caseId);
  if (!watched) return null;
  const snapshot = store.snapshot(caseId) ?? null;
  // The draft of the question open now; drafts of older questions stay
  // in the store but are of no use in the form.
  const request = snapshot?.view.inputRequest;
  const draft =
    request && request.status === 'PENDING'
      ? (store.draft(caseId, request.id) ?? null)
      : null;
  return {
    watched,
    snapshot,
    syncState: store.syncState(caseId),
    timeline: store.timeline(caseId),
    answers: store.answers(caseId),
    downloads: store.downloads(caseId),
    draft,
  };
}
