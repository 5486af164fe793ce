import type { CaseView } from '../../../shared/offload/schemas.ts';
import { silentLogger } from '../logger.ts';
import type { Logger } from '../logger.ts';
import type { OffloadClient } from '../offload-client.ts';
import { OffloadError } from '../offload-error.ts';
import type { CaseStore, InputDraft } from '../store/case-store-types.ts';
import { THROTTLE_BACKOFF, retryDelay } from '../sync/poll-cadence.ts';
import type { PollEngine } from '../sync/poll-engine.ts';
import type { RequestBudget } from '../sync/request-budget.ts';
import { rejectionMessage } from './answer-messages.ts';
import type {
  AnswerRejection,
  SubmitResult,
} from '../../../shared/answer-result.ts';

// Answering a case that waits for a person (POST /cases/{id}/input). The
// call is not idempotent and answers 202 before the case moves, so the
// flow is careful at both ends: it checks the question is still open
// before sending, records every attempt in the audit, keeps the text as a
// draft until Offload has it, and when the answer's fate is unknown
// (connection lost, truncated reply) it re-reads the case instead of
// sending twice: a RESOLVED request means the answer was taken.

export type {
  AnswerRejection,
  SubmitResult,
} from '../../../shared/answer-result.ts';

/** The part of OffloadClient the flow uses. */
export type AnswerClient = Pick<OffloadClient, 'provideInput'>;

/** The part of the poll engine the flow uses. */
export type AnswerEngine = Pick<PollEngine, 'noteAnswerSubmitted' | 'refresh'>;

export interface AnswerFlowOptions {
  store: CaseStore;
  getClient: () => Promise<AnswerClient | null>;
  budget: RequestBudget;
  engine: AnswerEngine;
  /** The workstation user (OS account name), for the audit. */
  who: string;
  now?: () => number;
  logger?: Logger;
}

const CONFLICT_KINDS = new Set<string>([
  'case-not-waiting-for-input',
  'input-request-not-pending',
  'input-request-mismatch',
]);

/** Why the latest snapshot says the question cannot be answered, if so. */
export function precondition(
  view: CaseView,
  inputRequestId: string,
): AnswerRejection | null {
  // Same order as Offload's own checks (offload-api.md §3.4).
  if (view.status !== 'INPUT_NEEDED') return 'case-not-waiting-for-input';
  const request = view.inputRequest;
  if (request?.status !== 'PENDING') return 'input-request-not-pending';
  if (request.id !== inputRequestId) return 'input-request-mismatch';
  return null;
}

/**
 * After an answer whose fate is unknown: did the case take it? Yes when
 * the request is resolved or the case has moved past it.
 */
export function answerLanded(view: CaseView, inputRequestId: string): boolean {
  if (view.status !== 'INPUT_NEEDED') return true;
  const request = view.inputRequest;
  if (!request) return false;
  return request.id !== inputRequestId || request.status !== 'PENDING';
}

/** Sends answers to waiting cases; see the file comment. */
export class AnswerFlow {
  readonly #store: CaseStore;
  readonly #getClient: () => Promise<AnswerClient | null>;
  readonly #budget: RequestBudget;
  readonly #engine: AnswerEngine;
  readonly #who: string;
  readonly #now: () => number;
  readonly #log: Logger;
  readonly #sending = new Set<string>();

  constructor(options: AnswerFlowOptions) {
    this.#store = options.store;
    this.#getClient = options.getClient;
    this.#budget = options.budget;
    this.#engine = options.engine;
    this.#who = options.who;
    this.#now = options.now ?? Date.now;
    this.#log = (options.logger ?? silentLogger).child('answers');
  }

  /** Keeps what the person typed, across restarts. */
  saveDraft(caseId: string, inputRequestId: string, text: string): void {
    this.#store.saveDraft(caseId, inputRequestId, text, this.#now());
  }

  draft(caseId: string, inputRequestId: string): InputDraft | undefined {
    return this.#store.draft(caseId, inputRequestId);
  }

  /** Answers the case's open question; one submission per case at a time. */
  async submit(
    caseId: string,
    inputRequestId: string,
    text: string,
  ): Promise<SubmitResult> {
    if (text.trim() === '') {
      return this.#refused('blank-answer', caseId);
    }
    if (inputRequestId.trim() === '') {
      return this.#refused('invalid-request', caseId);
    }
    if (this.#sending.has(caseId)) {
      return this.#refused('submission-in-progress', caseId);
    }
    this.#sending.add(caseId);
    try {
      return await this.#submit(caseId, inputRequestId, text);
    } finally {
      this.#sending.delete(caseId);
    }
  }

  async #submit(
    caseId: string,
    inputRequestId: string,
    text: string,
  ): Promise<SubmitResult> {
    // Preconditions from the latest snapshot: no call for a closed question.
    let view = this.#store.snapshot(caseId)?.view;
    if (!view) {
      await this.#engine.refresh(caseId);
      view = this.#store.snapshot(caseId)?.view;
    }
    if (!view) return this.#refused('case-unknown', caseId);
    const blocked = precondition(view, inputRequestId);
    if (blocked) return this.#refused(blocked, caseId, view);
    const client = await this.#getClient();
    if (!client) return this.#refused('no-key', caseId, view);

    // The text is a draft until Offload has it; the audit says who sent it.
    this.#store.saveDraft(caseId, inputRequestId, text, this.#now());
    const answerId = this.#store.recordAnswer({
      caseId,
      inputRequestId,
      text,
      who: this.#who,
      at: this.#now(),
      outcome: 'sending',
    });

    try {
      await this.#budget.take();
      await client.provideInput(caseId, {
        inputRequestId,
        providedContext: text,
      });
    } catch (error) {
      return this.#afterFailure(caseId, inputRequestId, answerId, error);
    }
    return this.#accepted(caseId, inputRequestId, answerId, view, 'response');
  }

  async #afterFailure(
    caseId: string,
    inputRequestId: string,
    answerId: number,
    error: unknown,
  ): Promise<SubmitResult> {
    const kind = error instanceof OffloadError ? error.kind : 'internal';
    this.#log.info('Sending an answer failed', { caseId, kind });

    if (CONFLICT_KINDS.has(kind)) {
      // Offload refused: the question is closed or changed. Show why.
      await this.#engine.refresh(caseId);
      return this.#rejected(caseId, answerId, kind, kind as AnswerRejection);
    }
    if (
      kind === 'invalid-request' ||
      kind === 'unauthorized' ||
      kind === 'forbidden' ||
      kind === 'case-not-found'
    ) {
      return this.#rejected(
        caseId,
        answerId,
        kind,
        kind === 'unauthorized' ? 'key-rejected' : kind,
      );
    }
    if (kind === 'throttled' || kind === 'usage-limit-reached') {
      // The gateway refused it before the handler ran: nothing was sent.
      this.#budget.pauseFor(retryDelay(THROTTLE_BACKOFF, 1));
      return this.#notSent(
        caseId,
        answerId,
        kind,
        'Offload is limiting requests, so the answer was not sent. Your ' +
          'text is kept; try again in a moment.',
      );
    }
    if (kind === 'aborted') {
      return this.#notSent(
        caseId,
        answerId,
        kind,
        'Sending was cancelled. Your text is kept.',
      );
    }

    // Connection lost, timeout, 5xx or an unreadable reply: the answer may
    // have landed. Re-read the case rather than send it twice.
    const summary = await this.#engine.refresh(caseId);
    const view = this.#store.snapshot(caseId)?.view;
    if (summary.fetched === 0 || !view) {
      return this.#notSent(
        caseId,
        answerId,
        'outcome-unknown',
        'The connection failed while sending, and the case could not be ' +
          're-read to check whether Offload got the answer. Your text is ' +
          'kept; refresh the case before sending it again.',
      );
    }
    if (answerLanded(view, inputRequestId)) {
      return this.#accepted(caseId, inputRequestId, answerId, view, 're-read');
    }
    return this.#notSent(
      caseId,
      answerId,
      kind,
      kind === 'network' || kind === 'timeout'
        ? 'The answer did not reach Offload (the connection failed). ' +
            'Your text is kept; try again.'
        : 'Offload did not take the answer (it had an error). Your text ' +
            'is kept; try again.',
    );
  }

  #accepted(
    caseId: string,
    inputRequestId: string,
    answerId: number,
    view: CaseView,
    confirmedBy: 'response' | 're-read',
  ): SubmitResult {
    this.#store.setAnswerOutcome(answerId, 'accepted');
    this.#store.dropDraft(caseId, inputRequestId);
    // Offload takes a moment to act on an answer: until the next read
    // shows it, keep the case as "answer sent, processing" (INPUT_NEEDED
    // with the request RESOLVED, the state Offload itself shows then).
    let shown = view;
    const request = view.inputRequest;
    if (
      view.status === 'INPUT_NEEDED' &&
      request?.id === inputRequestId &&
      request.status === 'PENDING'
    ) {
      shown = { ...view, inputRequest: { ...request, status: 'RESOLVED' } };
      this.#store.saveSnapshot(shown, this.#now());
    }
    this.#engine.noteAnswerSubmitted(caseId);
    return {
      outcome: 'accepted',
      answerId,
      confirmedBy,
      message: 'Answer sent. Offload is processing it.',
      view: shown,
    };
  }

  #notSent(
    caseId: string,
    answerId: number,
    kind: string,
    message: string,
  ): SubmitResult {
    this.#store.setAnswerOutcome(answerId, 'not-sent', kind);
    return {
      outcome: 'not-sent',
      answerId,
      kind,
      message,
      view: this.#store.snapshot(caseId)?.view,
    };
  }

  /** Offload refused an answer that was sent; the audit says why. */
  #rejected(
    caseId: string,
    answerId: number,
    errorKind: string,
    rejection: AnswerRejection,
  ): SubmitResult {
    this.#store.setAnswerOutcome(answerId, 'rejected', errorKind);
    const view = this.#store.snapshot(caseId)?.view;
    return {
      outcome: 'rejected',
      answerId,
      kind: rejection,
      message: rejectionMessage(rejection, view),
      view,
    };
  }

  #refused(
    kind: AnswerRejection,
    caseId: string,
    view?: CaseView,
  ): SubmitResult {
    const shown = view ?? this.#store.snapshot(caseId)?.view;
    return {
      outcome: 'rejected',
      answerId: null,
      kind,
      message: rejectionMessage(kind, shown),
      view: shown,
    };
  }
}
