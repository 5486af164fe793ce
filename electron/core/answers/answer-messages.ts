import type { AnswerRejection } from '../../../shared/answer-result.ts';
import type { CaseView } from '../../../shared/offload/schemas.ts';

// The sentences a person reads when an answer cannot go out. Each says
// what happened and what to do; a conflict always keeps the draft, since
// the text may still be useful for the case's new state.

const STATUS_WORDS: Record<string, string> = {
  CREATED: 'created, not started yet',
  RUNNING: 'running',
  INPUT_NEEDED: 'waiting for input',
  COMPLETED: 'completed',
  FAILED: 'failed',
};

/** The sentence for a refusal; `view` is the case as last read. */
export function rejectionMessage(
  kind: AnswerRejection,
  view: CaseView | undefined,
): string {
  const kept = 'Your text is kept as a draft.';
  switch (kind) {
    case 'blank-answer':
      return 'Write an answer before sending.';
    case 'submission-in-progress':
      return (
        'An answer to this case is already being sent. Wait for it to ' +
        'finish.'
      );
    case 'case-unknown':
      return (
        'The case could not be read, so the answer was not sent. Check ' +
        'that it is watched and that the console is online.'
      );
    case 'case-not-waiting-for-input': {
      const status = view
        ? ` (it is now ${STATUS_WORDS[view.status] ?? view.status})`
        : '';
      return (
        `The case moved on and no longer waits for an answer${status}. ` + kept
      );
    }
    case 'input-request-not-pending':
      return (
        'This question was already answered, perhaps from another ' +
        `workstation. ${kept}`
      );
    case 'input-request-mismatch': {
      const question =
        view?.inputRequest?.status === 'PENDING'
          ? `: “${view.inputRequest.question}”`
          : '';
      return (
        `The case now asks a different question${question}. Check that ` +
        `your answer still fits before sending. ${kept}`
      );
    }
    case 'invalid-request':
      return `Offload refused the answer as invalid. ${kept}`;
    case 'no-key':
      return 'No Offload API key is set. Add one in Settings, then send again.';
    case 'key-rejected':
      return (
        'Offload did not accept the API key. Enter a valid key in ' +
        `Settings. ${kept}`
      );
    case 'forbidden':
      return (
        'Offload refused access: the API key is inactive, or the case ' +
        `belongs to another account. ${kept}`
      );
    case 'case-not-found':
      return `Offload has no case with this id. ${kept}`;
  }
}
