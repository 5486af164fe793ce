import { inputState } from '../../shared/offload/case-rules.ts';
import type { CaseStore } from '../core/store/case-store-types.ts';

// The badge number: watched cases whose question waits for a person. A
// case whose answer was just sent (INPUT_NEEDED with the request RESOLVED)
// waits for Offload, not for a person, so it does not count; nor does a
// case the API no longer shows to this key.

/** How many watched cases wait for someone's answer. */
export function waitingForInputCount(
  store: Pick<CaseStore, 'watchedWithStatus' | 'snapshot'>,
): number {
  // Runs after every change during a sync pass, so it reads only the
  // cases that wait, not the whole list.
  let count = 0;
  for (const caseId of store.watchedWithStatus('INPUT_NEEDED')) {
    const view = store.snapshot(caseId)?.view;
    if (view && inputState(view) === 'answerable') count += 1;
  }
  return count;
}
