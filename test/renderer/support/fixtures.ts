import type { CaseDetail } from '../../../shared/ipc.ts';
import type {
  CaseListItem,
  TranscriptRecord,
  WatchedCase,
} from '../../../shared/case-data.ts';
import type { CaseView } from '../../../shared/offload/schemas.ts';
import type { EngineState } from '../../../shared/sync-data.ts';
import type { KeyStatus } from '../../../shared/key-status.ts';
import { DEFAULT_SETTINGS } from '../../../shared/settings.ts';
import type { Settings } from '../../../shared/settings.ts';

// Plain data for component tests: one believable case, list row, detail
// and transcript, each overridable field by field. Times are fixed so that
// relative times in assertions do not drift.

/** The "now" every fixture is relative to: 2026-03-20T18:30:00Z. */
export const FIXTURE_NOW = Date.UTC(2026, 2, 20, 18, 30, 0);

/** A case as Offload returns it (RUNNING, no attachments). */
export function caseView(overrides: Partial<CaseView> = {}): CaseView {
  return {
    caseId: 'case_0001',
    clientReferenceId: 'REF-1001',
    status: 'RUNNING',
    createdAt: FIXTURE_NOW - 3 * 3600_000,
    updatedAt: FIXTURE_NOW - 60_000,
    nextActionAt: FIXTURE_NOW + 3600_000,
    attemptCount: 1,
    maxAttempts: 3,
    channel: 'EMAIL',
    counterparty: {
      address: 'billing@acme.example',
      name: 'Acme Billing',
      company: 'Acme Corp',
    },
    attachments: [],
    goal: {
      objective: 'Get the March invoice corrected to the agreed price.',
      knowledge: 'Agreed price is 40 EUR per seat, see contract 12.',
    },
    senderPersona: {
      name: 'Sam Support',
      role: 'Support lead',
      company: 'Example Ltd',
      tone: 'friendly',
    },
    constraints: ['Do not promise a refund', 'Reply in English'],
    inputRequest: null,
    ...overrides,
  };
}

/** A case waiting for an answer to `question`. */
export function waitingCaseView(
  question = 'Which invoice number should I quote?',
  overrides: Partial<CaseView> = {},
): CaseView {
  return caseView({
    status: 'INPUT_NEEDED',
    nextActionAt: null,
    inputRequest: {
      id: 'ir_1',
      question,
      status: 'PENDING',
      requestedAt: FIXTURE_NOW - 120_000,
    },
    ...overrides,
  });
}

/** The list row for a view (or a bare watch entry when view is null). */
export function listItem(
  view: CaseView | null,
  overrides: Partial<CaseListItem> = {},
): CaseListItem {
  if (view === null) {
    return { caseId: 'case_0001', flag: null, unseen: false, ...overrides };
  }
  return {
    caseId: view.caseId,
    clientReferenceId: view.clientReferenceId,
    flag: null,
    status: view.status,
    counterpartyName: view.counterparty.name,
    counterpartyAddress: view.counterparty.address,
    objective: view.goal.objective,
    attemptCount: view.attemptCount,
    maxAttempts: view.maxAttempts,
    createdAt: view.createdAt,
    updatedAt: view.updatedAt,
    fetchedAt: FIXTURE_NOW - 30_000,
    unseen: false,
    ...overrides,
  };
}

/** A watch entry for a case id. */
export function watchedCase(
  caseId: string,
  overrides: Partial<WatchedCase> = {},
): WatchedCase {
  return {
    caseId,
    addedAt: FIXTURE_NOW - 86_400_000,
    addedHow: 'paste',
    flag: null,
    ...overrides,
  };
}

/** Everything the detail pane shows, for a view (or none when null). */
export function caseDetail(
  view: CaseView | null,
  overrides: Partial<CaseDetail> = {},
): CaseDetail {
  const caseId = view?.caseId ?? 'case_0001';
  return {
    watched: watchedCase(caseId, {
      clientReferenceId: view?.clientReferenceId,
    }),
    snapshot:
      view === null ? null : { caseId, view, fetchedAt: FIXTURE_NOW - 30_000 },
    syncState: {
      caseId,
      lastSyncedAt: FIXTURE_NOW - 30_000,
      lastError: null,
      transcriptSyncedAt: null,
      transcriptError: null,
    },
    timeline: [],
    answers: [],
    downloads: [],
    draft: null,
    ...overrides,
  };
}

export interface FixtureMessage {
  name: string;
  address: string;
  timestamp: string;
  body: string;
}

/** A transcript in Offload's documented text format. */
export function transcriptText(messages: FixtureMessage[]): string {
  return messages
    .map(
      (message) =>
        `From: ${message.name} <${message.address}>\n` +
        `Timestamp: ${message.timestamp}\n` +
        `Message: ${message.body}`,
    )
    .join('\n\n---\n\n');
}

/** Two messages: ours, then the counterparty's. */
export const TWO_MESSAGES: FixtureMessage[] = [
  {
    name: 'Sam Support',
    address: 'sam@agentmail.to',
    timestamp: '2026-03-20T18:10:00.000Z',
    body: 'Hello,\nthe March invoice shows 50 EUR per seat.\nCould you fix it?',
  },
  {
    name: 'Acme Billing',
    address: 'billing@acme.example',
    timestamp: '2026-03-20T18:20:00.000Z',
    body: 'Hi Sam,\nwhich invoice number is it? See https://acme.example/help',
  },
];

/** A saved transcript record for a case. */
export function transcriptRecord(
  text: string | null,
  overrides: Partial<TranscriptRecord> = {},
): TranscriptRecord {
  return {
    caseId: 'case_0001',
    text,
    caseUpdatedAt: FIXTURE_NOW - 60_000,
    fetchedAt: FIXTURE_NOW - 30_000,
    ...overrides,
  };
}

/** Settings with one profile in use. */
export function settingsWithProfile(
  overrides: Partial<Settings> = {},
): Settings {
  return {
    ...structuredClone(DEFAULT_SETTINGS),
    profiles: [
      { id: 'work', name: 'Work', baseUrl: 'https://api.offload.example' },
    ],
    activeProfileId: 'work',
    ...overrides,
  };
}

/** A configured, verified key's status. */
export function configuredKey(overrides: Partial<KeyStatus> = {}): KeyStatus {
  return {
    configured: true,
    source: 'keychain',
    verifiedAt: FIXTURE_NOW - 86_400_000,
    keychain: 'available',
    ...overrides,
  };
}

/** The engine online, synced 12 s before FIXTURE_NOW. */
export function onlineState(overrides: Partial<EngineState> = {}): EngineState {
  return {
    connection: 'online',
    lastSyncAt: FIXTURE_NOW - 12_000,
    ...overrides,
  };
}
