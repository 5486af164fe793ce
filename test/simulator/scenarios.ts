import type { SeededRandom } from './seeded-random.ts';

// Scripted counterparty behaviour. A case's script is a list of steps,
// consumed in order at fixed points of the lifecycle:
//
// - right after an outbound email (first email, follow-up, in-thread
//   reply): a `reply` or `provider-event` step is scheduled relative to
//   that email; an `ignore` step means "this email gets no reaction";
// - right before an outbound email: a `send-failure` step fails the send;
// - when the worker judges without a new message (after human input, or
//   when a snoozed case is rechecked): a `judge` step gives the verdict.
//
// An empty script is a counterparty who never answers.

export const VERDICTS = [
  'GOAL_ACHIEVED',
  'FAILED_REJECTED',
  'INPUT_NEEDED',
  'REQUIRES_REPLY',
  'SNOOZE',
] as const;
export type Verdict = (typeof VERDICTS)[number];

export const PROVIDER_FAILURES = ['BOUNCED', 'COMPLAINED', 'REJECTED'] as const;
export type ProviderFailure = (typeof PROVIDER_FAILURES)[number];

export interface AttachmentSpec {
  name?: string | undefined;
  type?: string | undefined;
  size: number;
}

/** The worker's verdict on the thread, with what it needs to apply it. */
export interface Judgement {
  verdict: Verdict;
  question?: string | undefined;
  result?: Record<string, unknown> | undefined;
  failureReason?: string | undefined;
}

export type ScriptStep =
  | {
      kind: 'reply';
      delayMs: number;
      body: string;
      attachments?: AttachmentSpec[];
      judgement: Judgement;
    }
  | { kind: 'judge'; judgement: Judgement }
  | {
      kind: 'provider-event';
      delayMs: number;
      resultStatus: ProviderFailure;
      failureReason: string;
    }
  | {
      kind: 'send-failure';
      resultStatus: ProviderFailure;
      failureReason: string;
    }
  | { kind: 'ignore' };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const W9_PDF: AttachmentSpec = {
  name: 'vendor-w9.pdf',
  type: 'application/pdf',
  size: 904_860,
};
// Name and type are optional in the API; one file in the happy path has
// neither, so clients meet that case without special setup.
const UNNAMED_FILE: AttachmentSpec = { size: 2_048 };

export const SCENARIOS: Readonly<Record<string, readonly ScriptStep[]>> = {
  'goal-achieved': [
    {
      kind: 'reply',
      delayMs: 2 * HOUR,
      body: 'Hi,\n\nAttached here, signed.\n\nThanks',
      attachments: [W9_PDF, UNNAMED_FILE],
      judgement: {
        verdict: 'GOAL_ACHIEVED',
        result: { documentReceived: true, summary: 'Signed form received' },
      },
    },
  ],
  rejected: [
    {
      kind: 'reply',
      delayMs: 3 * HOUR,
      body: 'We will not be providing this. Please do not contact us again.',
      judgement: {
        verdict: 'FAILED_REJECTED',
        failureReason: 'Counterparty declined the request',
      },
    },
  ],
  'needs-input': [
    {
      kind: 'reply',
      delayMs: 2 * HOUR,
      body: 'I can only send a scanned PDF with a drawn signature. Is that OK?',
      attachments: [W9_PDF],
      judgement: {
        verdict: 'INPUT_NEEDED',
        question:
          'The vendor asked whether a signed PDF is acceptable. ' +
          'How should I respond?',
      },
    },
    {
      kind: 'judge',
      judgement: {
        verdict: 'GOAL_ACHIEVED',
        result: { documentReceived: true, acceptedAfterReview: true },
      },
    },
  ],
  'needs-input-twice': [
    {
      kind: 'reply',
      delayMs: 2 * HOUR,
      body: 'Which entity should the form be made out to?',
      judgement: {
        verdict: 'INPUT_NEEDED',
        question: 'Which legal entity should the vendor put on the form?',
      },
    },
    {
      kind: 'judge',
      judgement: {
        verdict: 'INPUT_NEEDED',
        question: 'Should the vendor use the billing or the shipping address?',
      },
    },
    {
      kind: 'judge',
      judgement: { verdict: 'GOAL_ACHIEVED', result: { detailsAgreed: true } },
    },
  ],
  'requires-reply': [
    {
      kind: 'reply',
      delayMs: 2 * HOUR,
      body: 'Sure. Which revision of the form do you need?',
      judgement: { verdict: 'REQUIRES_REPLY' },
    },
    {
      kind: 'reply',
      delayMs: 4 * HOUR,
      body: 'Here is the latest revision, signed.',
      attachments: [W9_PDF],
      judgement: {
        verdict: 'GOAL_ACHIEVED',
        result: { documentReceived: true },
      },
    },
  ],
  snooze: [
    {
      kind: 'reply',
      delayMs: 1 * HOUR,
      body: 'I am out of the office until next week and will reply then.',
      judgement: { verdict: 'SNOOZE' },
    },
    {
      kind: 'reply',
      delayMs: 3 * HOUR,
      body: 'Back now. The signed form is attached.',
      attachments: [W9_PDF],
      judgement: {
        verdict: 'GOAL_ACHIEVED',
        result: { documentReceived: true },
      },
    },
  ],
  'late-reply': [
    { kind: 'ignore' },
    { kind: 'ignore' },
    {
      kind: 'reply',
      delayMs: 5 * HOUR,
      body: 'Sorry for the delay. Attached.',
      attachments: [W9_PDF],
      judgement: {
        verdict: 'GOAL_ACHIEVED',
        result: { documentReceived: true },
      },
    },
  ],
  silent: [],
  bounce: [
    {
      kind: 'provider-event',
      delayMs: 5 * MINUTE,
      resultStatus: 'BOUNCED',
      failureReason: 'Recipient address rejected by mail server',
    },
  ],
  complaint: [
    {
      kind: 'provider-event',
      delayMs: 1 * HOUR,
      resultStatus: 'COMPLAINED',
      failureReason: 'Recipient marked the message as spam',
    },
  ],
  'provider-reject': [
    {
      kind: 'send-failure',
      resultStatus: 'REJECTED',
      failureReason: 'Message rejected by the email provider',
    },
  ],
};

export const SCENARIO_NAMES = Object.keys(SCENARIOS);

/** Scenarios the seeded random choice draws from (all of them). */
const RANDOM_POOL = SCENARIO_NAMES;

export function isScenarioName(name: string): boolean {
  return Object.hasOwn(SCENARIOS, name);
}

/** The `tag` of `local+tag@domain`, when there is one. */
function plusTag(address: string): string | null {
  const at = address.lastIndexOf('@');
  const local = at === -1 ? address : address.slice(0, at);
  const plus = local.indexOf('+');
  return plus === -1 ? null : local.slice(plus + 1).toLowerCase();
}

/**
 * Picks a case's scenario: an explicit name first, then a plus-tag in the
 * counterparty address, then `fallback` (a name, or the seeded random
 * choice when fallback is 'random').
 */
export function chooseScenario(
  explicit: string | undefined,
  address: string,
  fallback: string,
  random: SeededRandom,
): string {
  if (explicit !== undefined && isScenarioName(explicit)) return explicit;
  const tag = plusTag(address);
  if (tag !== null && isScenarioName(tag)) return tag;
  if (fallback === 'random') return random.pick(RANDOM_POOL);
  return fallback;
}

export function scriptFor(scenario: string): ScriptStep[] {
  return structuredClone([...(SCENARIOS[scenario] ?? [])]);
}
