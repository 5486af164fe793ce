import type {
  CaseAttachment,
  CaseGoal,
  Counterparty,
  SenderPersona,
} from '../../shared/offload/schemas.ts';
import type { EventHandle } from './sim-clock.ts';
import type { ScriptStep } from './scenarios.ts';

// The simulator's stored case: everything GET /cases/{id} shows, plus the
// fields the API keeps but never returns (metadata, webhook URL, follow-up
// delay, failure reason) and the simulator's own bookkeeping.

export type SimStatus =
  'CREATED' | 'RUNNING' | 'INPUT_NEEDED' | 'COMPLETED' | 'FAILED';

export type InputRequestState = 'PENDING' | 'RESOLVED' | 'NONE';

export interface SimInputRequest {
  id: string;
  question: string;
  status: InputRequestState;
  requestedAt: number | null;
}

/** One message of the email thread, rendered into the transcript. */
export interface ThreadMessage {
  direction: 'outbound' | 'inbound';
  fromName: string;
  fromAddress: string;
  at: number;
  body: string;
}

/** Work the simulator has scheduled for a case; cancelled on transitions. */
export interface CaseTimers {
  /** The follow-up or snooze recheck that nextActionAt advertises. */
  schedule?: EventHandle | undefined;
  /** Scripted counterparty reactions (replies, provider events). */
  reactions: EventHandle[];
  /** Worker steps: first email, judging a reply, resuming after input. */
  work?: EventHandle | undefined;
}

export interface SimCase {
  caseId: string;
  clientId: string;
  clientReferenceId?: string | undefined;
  status: SimStatus;
  createdAt: number;
  updatedAt: number;
  nextActionAt: number;
  attemptCount: number;
  maxAttempts: number;
  followUpDelayHours: number;
  channel: 'EMAIL' | 'SMS';
  counterparty: Counterparty;
  goal: CaseGoal;
  resultSchema?: Record<string, unknown> | undefined;
  senderPersona: SenderPersona;
  constraints?: string[] | undefined;
  clientWebhookUrl?: string | undefined;
  metadata?: Record<string, unknown> | undefined;
  attachments: CaseAttachment[];
  resultStatus?: string | undefined;
  result?: Record<string, unknown> | undefined;
  failureReason: string | null;
  inputRequest: SimInputRequest | null;
  messages: ThreadMessage[];
  scenario: string;
  script: ScriptStep[];
  scriptCursor: number;
  /** Created through POST /cases (counts toward usage) or seeded. */
  origin: 'api' | 'seed';
  /** Whether this case already counted as billable-finished. */
  billed: boolean;
  timers: CaseTimers;
  /** Bumped on every change; keys the cached JSON view. */
  version: number;
  cachedViewVersion: number;
  cachedViewJson: string;
}

/** The AgentMail inbox every attachment reports (offload-api.md §5). */
export const INBOX_ID = 'dev-test@agentmail.to';

/**
 * Records a change: bumps updatedAt (always strictly, so every change
 * gets a distinct webhook event id) and invalidates the cached view.
 */
export function touch(record: SimCase, now: number): void {
  record.updatedAt = Math.max(now, record.updatedAt + 1);
  record.version += 1;
}

export function isTerminal(status: SimStatus): boolean {
  return status === 'COMPLETED' || status === 'FAILED';
}

export function cancelTimers(record: SimCase): void {
  record.timers.schedule?.cancel();
  for (const reaction of record.timers.reactions) reaction.cancel();
  record.timers.work?.cancel();
  record.timers = { reactions: [] };
}
