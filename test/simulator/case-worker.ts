import { NOTHING_SCHEDULED } from '../../shared/offload/case-rules.ts';
import type { CaseAttachment } from '../../shared/offload/schemas.ts';
import {
  cancelTimers,
  INBOX_ID,
  isTerminal,
  touch,
  type SimCase,
  type SimStatus,
} from './case-record.ts';
import {
  firstEmailText,
  followUpText,
  inThreadReplyText,
  relayedAnswerText,
} from './outreach-text.ts';
import type {
  AttachmentSpec,
  Judgement,
  ProviderFailure,
  ScriptStep,
} from './scenarios.ts';
import type { SeededRandom } from './seeded-random.ts';
import type { SimClock } from './sim-clock.ts';
import { personaAddress } from './transcript.ts';

// The Offload worker, compressed: it sends the first email, the follow-ups
// and in-thread replies, receives the scripted counterparty's replies and
// provider events, judges them, and resumes after human input, following
// the transition rules of offload-api.md §4.2. Every change goes through
// touch(), so updatedAt moves on each one.

const SECOND = 1_000;
const HOUR = 3_600_000;

/** Simulated delays of the worker's own steps. */
export const WORKER_DELAYS = {
  /** From POST /cases to the first email. */
  firstEmailMs: 60 * SECOND,
  /** From a reply arriving to its verdict being applied. */
  judgeReplyMs: 30 * SECOND,
  /** From an accepted POST .../input to the worker using the answer. */
  resumeAfterInputMs: 30 * SECOND,
  /** How long a SNOOZE verdict waits before the case is rechecked. */
  snoozeMs: 24 * HOUR,
} as const;

export const DEFAULT_QUESTION =
  'The counterparty asked a question the goal does not answer. ' +
  'How should I respond?';

/** What the worker reports outward (webhooks, usage counters). */
export interface TransitionListener {
  (record: SimCase, previous: SimStatus): void;
}

export interface FinishDetails {
  resultStatus: string;
  result?: Record<string, unknown> | undefined;
  failureReason?: string | null | undefined;
}

export class CaseWorker {
  readonly #clock: SimClock;
  readonly #random: () => SeededRandom;
  readonly #onTransition: TransitionListener;

  constructor(
    clock: SimClock,
    random: () => SeededRandom,
    onTransition: TransitionListener,
  ) {
    this.#clock = clock;
    this.#random = random;
    this.#onTransition = onTransition;
  }

  /** A new case from POST /cases: the first email goes out shortly. */
  start(record: SimCase): void {
    // SMS is accepted but the real worker only speaks email; the case is
    // left in CREATED (offload-api.md §8.6 leaves the outcome open).
    if (record.channel !== 'EMAIL') return;
    const at = this.#clock.now() + WORKER_DELAYS.firstEmailMs;
    record.timers.work = this.#clock.schedule(at, () =>
      this.#sendFirstEmail(record),
    );
  }

  /**
   * A seeded case picks up where its state says: CREATED waits for its
   * first email, RUNNING for its follow-up and the script's next reaction;
   * paused and terminal cases wait for someone else to act.
   */
  adoptSeeded(record: SimCase): void {
    if (record.status === 'CREATED') {
      this.start(record);
    } else if (record.status === 'RUNNING') {
      if (record.nextActionAt < NOTHING_SCHEDULED) {
        this.#schedule(record, record.nextActionAt, 'follow-up');
      }
      this.#reactToOutbound(record);
    }
  }

  /** A counterparty reply; judged after a short delay unless `judgeNow`. */
  receiveReply(
    record: SimCase,
    body: string,
    attachments: AttachmentSpec[],
    judgement: Judgement,
    judgeNow = false,
  ): void {
    if (isTerminal(record.status)) return;
    const now = this.#clock.now();
    record.messages.push({
      direction: 'inbound',
      fromName: record.counterparty.name,
      fromAddress: record.counterparty.address,
      at: now,
      body,
    });
    this.addAttachments(record, attachments);
    // A reply stops the follow-up clock while it is being judged, and
    // replaces any judgement still pending for an earlier message.
    this.#clearSchedule(record);
    record.timers.work?.cancel();
    touch(record, now);
    if (judgeNow) {
      this.#applyJudgement(record, judgement);
      return;
    }
    record.timers.work = this.#clock.schedule(
      now + WORKER_DELAYS.judgeReplyMs,
      () => this.#applyJudgement(record, judgement),
    );
  }

  /** Adds inbound attachments, all carried by one message (no touch). */
  addAttachments(record: SimCase, specs: AttachmentSpec[]): void {
    if (specs.length === 0) return;
    const random = this.#random();
    const domain = record.counterparty.address.split('@')[1] || 'example.com';
    const messageId = `<${random.hex(8)}@mail.${domain}>`;
    const receivedAt = this.#clock.now();
    for (const spec of specs) {
      // Key order as in the docs' examples; name and type may be absent.
      const attachment: CaseAttachment = {
        attachmentId: random.uuid(),
        ...(spec.name !== undefined && { name: spec.name }),
        size: spec.size,
        ...(spec.type !== undefined && { type: spec.type }),
        messageId,
        inboxId: INBOX_ID,
        receivedAt,
      };
      record.attachments.push(attachment);
    }
  }

  /** An accepted POST .../input: RESOLVED now, used by the worker later. */
  provideInput(record: SimCase, answer: string): void {
    const request = record.inputRequest;
    if (request === null) return;
    request.status = 'RESOLVED';
    const now = this.#clock.now();
    touch(record, now);
    record.timers.work?.cancel();
    record.timers.work = this.#clock.schedule(
      now + WORKER_DELAYS.resumeAfterInputMs,
      () => this.#resume(record, request.id, answer),
    );
  }

  /** An AgentMail delivery event (bounce, complaint, rejection). */
  providerFailure(
    record: SimCase,
    resultStatus: ProviderFailure,
    failureReason: string,
  ): void {
    if (isTerminal(record.status)) return;
    this.#finish(record, 'FAILED', { resultStatus, failureReason });
  }

  /** Forces a status, as the admin API's transition endpoint does. */
  forceTransition(
    record: SimCase,
    to: Exclude<SimStatus, 'CREATED'>,
    details: {
      resultStatus?: string | undefined;
      result?: Record<string, unknown> | undefined;
      question?: string | undefined;
      failureReason?: string | null | undefined;
    },
  ): void {
    cancelTimers(record);
    switch (to) {
      case 'COMPLETED':
        this.#finish(record, 'COMPLETED', {
          resultStatus: details.resultStatus ?? 'goal_achieved',
          result: resultFor(record, details.result),
        });
        return;
      case 'FAILED':
        this.#finish(record, 'FAILED', {
          resultStatus: details.resultStatus ?? 'failed_rejected',
          result: details.result,
          failureReason: details.failureReason ?? null,
        });
        return;
      case 'INPUT_NEEDED':
        this.#askForInput(record, details.question ?? DEFAULT_QUESTION);
        return;
      case 'RUNNING': {
        const previous = record.status;
        record.status = 'RUNNING';
        if (details.resultStatus !== undefined) {
          record.resultStatus = details.resultStatus;
        }
        this.#schedule(record, this.#followUpAt(record), 'follow-up');
        touch(record, this.#clock.now());
        this.#onTransition(record, previous);
        return;
      }
    }
  }

  #sendFirstEmail(record: SimCase): void {
    if (record.status !== 'CREATED') return;
    this.#sendOutbound(record, firstEmailText(record));
  }

  /**
   * Sends one email from our side. The script may make the send fail
   * (a provider rejection), in which case the case fails instead.
   */
  #sendOutbound(record: SimCase, body: string): void {
    const step = record.script[record.scriptCursor];
    if (step?.kind === 'send-failure') {
      record.scriptCursor += 1;
      this.#finish(record, 'FAILED', {
        resultStatus: step.resultStatus,
        failureReason: step.failureReason,
      });
      return;
    }
    const now = this.#clock.now();
    const previous = record.status;
    record.messages.push({
      direction: 'outbound',
      fromName: record.senderPersona.name,
      fromAddress: personaAddress(record.senderPersona),
      at: now,
      body,
    });
    record.attemptCount += 1;
    record.status = 'RUNNING';
    this.#schedule(record, this.#followUpAt(record), 'follow-up');
    touch(record, now);
    if (previous !== 'RUNNING') this.#onTransition(record, previous);
    this.#reactToOutbound(record);
  }

  #followUpAt(record: SimCase): number {
    return this.#clock.now() + record.followUpDelayHours * HOUR;
  }

  /** A follow-up came due and no reply arrived in the meantime. */
  #followUpDue(record: SimCase): void {
    if (record.status !== 'RUNNING') return;
    record.timers.schedule = undefined;
    // maxAttempts counts follow-ups after the first email (§4.2 rule 3).
    if (record.attemptCount - 1 < record.maxAttempts) {
      this.#sendOutbound(record, followUpText(record));
    } else {
      this.#finish(record, 'FAILED', {
        resultStatus: 'max_retries',
        failureReason: null,
      });
    }
  }

  /** A snoozed case is looked at again. */
  #recheck(record: SimCase): void {
    if (record.status !== 'RUNNING') return;
    record.timers.schedule = undefined;
    const step = record.script[record.scriptCursor];
    if (step?.kind === 'judge') {
      record.scriptCursor += 1;
      this.#applyJudgement(record, step.judgement);
    } else {
      // Nothing new to judge: nudge the counterparty like a follow-up.
      this.#followUpDue(record);
    }
  }

  /** Schedules the script's reaction to the email just sent. */
  #reactToOutbound(record: SimCase): void {
    const step: ScriptStep | undefined = record.script[record.scriptCursor];
    if (step === undefined) return;
    const now = this.#clock.now();
    if (step.kind === 'ignore') {
      record.scriptCursor += 1;
    } else if (step.kind === 'reply') {
      record.scriptCursor += 1;
      record.timers.reactions.push(
        this.#clock.schedule(now + step.delayMs, () =>
          this.receiveReply(
            record,
            step.body,
            step.attachments ?? [],
            step.judgement,
          ),
        ),
      );
    } else if (step.kind === 'provider-event') {
      record.scriptCursor += 1;
      record.timers.reactions.push(
        this.#clock.schedule(now + step.delayMs, () =>
          this.providerFailure(record, step.resultStatus, step.failureReason),
        ),
      );
    }
  }

  #applyJudgement(
    record: SimCase,
    judgement: Judgement,
    replyBody?: string,
  ): void {
    if (isTerminal(record.status)) return;
    record.timers.work = undefined;
    switch (judgement.verdict) {
      case 'GOAL_ACHIEVED':
        this.#finish(record, 'COMPLETED', {
          resultStatus: 'goal_achieved',
          result: resultFor(record, judgement.result),
        });
        return;
      case 'FAILED_REJECTED':
        this.#finish(record, 'FAILED', {
          resultStatus: 'failed_rejected',
          failureReason:
            judgement.failureReason ?? 'Counterparty declined the request',
        });
        return;
      case 'INPUT_NEEDED':
        this.#askForInput(record, judgement.question ?? DEFAULT_QUESTION);
        return;
      case 'REQUIRES_REPLY':
        this.#sendOutbound(record, replyBody ?? inThreadReplyText(record));
        return;
      case 'SNOOZE': {
        const previous = record.status;
        record.status = 'RUNNING';
        this.#schedule(
          record,
          this.#clock.now() + WORKER_DELAYS.snoozeMs,
          'recheck',
        );
        touch(record, this.#clock.now());
        if (previous !== 'RUNNING') this.#onTransition(record, previous);
        return;
      }
    }
  }

  #askForInput(record: SimCase, question: string): void {
    const now = this.#clock.now();
    const previous = record.status;
    this.#clearSchedule(record);
    record.status = 'INPUT_NEEDED';
    record.inputRequest = {
      id: this.#random().uuid(),
      question,
      status: 'PENDING',
      requestedAt: now,
    };
    touch(record, now);
    this.#onTransition(record, previous);
  }

  /** The worker picks up a human answer (offload-api.md §4.2 rule 5). */
  #resume(record: SimCase, requestId: string, answer: string): void {
    record.timers.work = undefined;
    if (record.status !== 'INPUT_NEEDED') return;
    if (record.inputRequest?.id !== requestId) return;
    const knowledge = record.goal.knowledge;
    // A string `knowledge` has nowhere to put the answer; the docs do not
    // say what happens then, so it is left as it was.
    if (typeof knowledge !== 'string') {
      const earlier = knowledge?.additionalHumanContext;
      record.goal = {
        ...record.goal,
        knowledge: {
          ...knowledge,
          additionalHumanContext:
            typeof earlier === 'string' ? `${earlier}\n\n${answer}` : answer,
        },
      };
      touch(record, this.#clock.now());
    }
    const step = record.script[record.scriptCursor];
    if (step?.kind === 'judge') {
      record.scriptCursor += 1;
      this.#applyJudgement(record, step.judgement);
    } else {
      this.#applyJudgement(
        record,
        { verdict: 'REQUIRES_REPLY' },
        relayedAnswerText(record, answer),
      );
    }
  }

  #finish(
    record: SimCase,
    status: 'COMPLETED' | 'FAILED',
    details: FinishDetails,
  ): void {
    const previous = record.status;
    cancelTimers(record);
    record.nextActionAt = NOTHING_SCHEDULED;
    record.status = status;
    record.resultStatus = details.resultStatus;
    if (details.result !== undefined) record.result = details.result;
    record.failureReason = details.failureReason ?? null;
    touch(record, this.#clock.now());
    this.#onTransition(record, previous);
  }

  #schedule(record: SimCase, at: number, kind: 'follow-up' | 'recheck') {
    record.timers.schedule?.cancel();
    record.nextActionAt = at;
    record.timers.schedule = this.#clock.schedule(at, () =>
      kind === 'recheck' ? this.#recheck(record) : this.#followUpDue(record),
    );
  }

  #clearSchedule(record: SimCase): void {
    record.timers.schedule?.cancel();
    record.timers.schedule = undefined;
    record.nextActionAt = NOTHING_SCHEDULED;
  }
}

/**
 * A best effort at the case's resultSchema, as the real worker's LLM
 * would make: one plausible value per declared property, then whatever
 * the script or the admin call supplied on top.
 */
export function resultFor(
  record: SimCase,
  given: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const properties = record.resultSchema?.properties;
  if (properties !== null && typeof properties === 'object') {
    for (const [name, schema] of Object.entries(properties)) {
      result[name] = sampleValue(schema);
    }
  }
  if (given !== undefined) Object.assign(result, given);
  if (Object.keys(result).length === 0) result.goalAchieved = true;
  return result;
}

function sampleValue(schema: unknown): unknown {
  const type =
    schema !== null && typeof schema === 'object'
      ? (schema as { type?: unknown }).type
      : undefined;
  switch (type) {
    case 'boolean':
      return true;
    case 'integer':
    case 'number':
      return 1;
    case 'array':
      return [];
    case 'object':
      return {};
    case 'string':
      return 'simulated';
    default:
      return null;
  }
}
