import { scheduledAt } from './case-rules.ts';
import type { CaseView } from './schemas.ts';

// Plain words for the codes a case carries, shared by the CLI and the
// window so that both say the same thing. Unknown codes are shown as they
// are: the sets are open (offload-api.md §4.4).

const STATUS_WORDS: Record<string, string> = {
  CREATED: 'Created, first e-mail not sent yet',
  RUNNING: 'Running',
  INPUT_NEEDED: 'Needs input',
  COMPLETED: 'Completed',
  FAILED: 'Failed',
};

/** "Needs input" for INPUT_NEEDED; an unknown status as it is. */
export function statusWords(status: string): string {
  return STATUS_WORDS[status] ?? status;
}

const RESULT_WORDS: Record<string, string> = {
  goal_achieved: 'Goal achieved',
  max_retries: 'No reply after every follow-up',
  failed_rejected: 'The counterparty refused',
  BOUNCED: 'The e-mail bounced',
  COMPLAINED: 'The counterparty marked the e-mail as spam',
  REJECTED: 'The mail provider rejected the e-mail',
};

/** Plain words for a `resultStatus`; unknown values as they are. */
export function resultStatusWords(resultStatus: string): string {
  return RESULT_WORDS[resultStatus] ?? resultStatus;
}

/** The next scheduled action in words, e.g. "nothing scheduled". */
export function nextActionWords(
  view: Pick<CaseView, 'nextActionAt'>,
  formatTime: (epochMs: number) => string,
): string {
  const at = scheduledAt(view);
  return at === null ? 'Nothing scheduled' : formatTime(at);
}

/**
 * Attempts in words: `attemptCount` counts every e-mail sent, while
 * `maxAttempts` counts only follow-ups after the first one (§4.2).
 */
export function attemptsWords(
  view: Pick<CaseView, 'attemptCount' | 'maxAttempts'>,
): string {
  const followUps = Math.max(0, view.attemptCount - 1);
  return (
    `${view.attemptCount} e-mail${view.attemptCount === 1 ? '' : 's'} sent ` +
    `(${followUps} of ${view.maxAttempts} follow-ups)`
  );
}
