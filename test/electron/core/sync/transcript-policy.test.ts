import { describe, expect, it } from 'vitest';
import type { CaseView } from '../../../../shared/offload/schemas.ts';
import { needsTranscript } from '../../../../electron/core/sync/transcript-policy.ts';

// When a read of a case should be followed by a transcript fetch.

function view(status: string, updatedAt: number): CaseView {
  return {
    caseId: 'c1',
    status,
    createdAt: 1,
    updatedAt,
    attemptCount: 1,
    maxAttempts: 3,
    channel: 'EMAIL',
    counterparty: { address: 'a@b.example', name: 'A' },
    attachments: [],
    goal: { objective: 'x' },
    senderPersona: { name: 'Avery' },
    inputRequest: null,
  };
}

const failure = { kind: 'server-error', message: 'boom', at: 5 };

describe('needsTranscript', () => {
  it.each<[string, Parameters<typeof needsTranscript>[0], boolean]>([
    [
      'an active case seen the first time waits for demand',
      {
        view: view('RUNNING', 10),
        previous: undefined,
        transcript: undefined,
        syncState: undefined,
      },
      false,
    ],
    [
      'a terminal case seen the first time gets its final transcript',
      {
        view: view('COMPLETED', 10),
        previous: undefined,
        transcript: undefined,
        syncState: undefined,
      },
      true,
    ],
    [
      'a terminal case whose transcript is current needs nothing',
      {
        view: view('FAILED', 10),
        previous: view('FAILED', 10),
        transcript: { caseUpdatedAt: 10 },
        syncState: undefined,
      },
      false,
    ],
    [
      'a case whose updatedAt moved gets a fresh one',
      {
        view: view('RUNNING', 20),
        previous: view('RUNNING', 10),
        transcript: undefined,
        syncState: undefined,
      },
      true,
    ],
    [
      'an unchanged case with a current transcript needs nothing',
      {
        view: view('RUNNING', 10),
        previous: view('RUNNING', 10),
        transcript: { caseUpdatedAt: 10 },
        syncState: undefined,
      },
      false,
    ],
    [
      'a saved transcript older than the case is caught up',
      {
        view: view('RUNNING', 20),
        previous: view('RUNNING', 20),
        transcript: { caseUpdatedAt: 10 },
        syncState: undefined,
      },
      true,
    ],
    [
      'a fetch that failed before is tried again',
      {
        view: view('RUNNING', 20),
        previous: view('RUNNING', 20),
        transcript: undefined,
        syncState: { transcriptError: failure },
      },
      true,
    ],
    [
      'a current transcript wins over an old error',
      {
        view: view('RUNNING', 20),
        previous: view('RUNNING', 20),
        transcript: { caseUpdatedAt: 20 },
        syncState: { transcriptError: failure },
      },
      false,
    ],
  ])('%s', (_name, input, expected) => {
    expect(needsTranscript(input)).toBe(expected);
  });
});
