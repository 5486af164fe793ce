import { inputState } from '../../shared/offload/case-rules.ts';
import type { CaseStore } from '../core/store/case-store-types.ts';

// The badge number: watched cases whose question waits for a person. A
// case whose answer was just sent (INPUT_NEEDED with the request RESOLVED)
// waits for Offload, not for a person, so it does not count; nor does a
// case the API no longer shows to this key.

/** How many watched cases wait for someone's answer. */
export function waitingForInputCount(
  store: Pick<CaseStore, 'listCases' | 'snapshot'>,
): number {
  let count = 0;
  for (const item of store.listCases()) {
    if (item.status !== 'INPUT_NEEDED' || item.flag !== null) continue;
    const view = store.snapshot(item.caseId)?.view;
    if (view && inputState(view) === 'answerable') count += 1;
  }
  return count;
}
