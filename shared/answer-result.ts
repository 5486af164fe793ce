import type { CaseView } from './offload/schemas.ts';

// What became of an answer sent to Offload, as the answer flow reports it
// and the window shows it. The messages are for a person to read.

/** Why an answer was refused, before or by Offload. */
export type AnswerRejection =
  | 'blank-answer'
  | 'submission-in-progress'
  | 'case-unknown'
  | 'case-not-waiting-for-input'
  | 'input-request-not-pending'
  | 'input-request-mismatch'
  | 'invalid-request'
  | 'no-key'
  | 'key-rejected'
  | 'forbidden'
  | 'case-not-found';

/** What became of an answer. `view` is the case as last read, if known. */
export type SubmitResult =
  | {
      outcome: 'accepted';
      answerId: number;
      /** Offload said so (202), or a re-read showed the question resolved. */
      confirmedBy: 'response' | 're-read';
      message: string;
      view: CaseView | undefined;
    }
  | {
      outcome: 'not-sent';
      answerId: number;
      kind: string;
      message: string;
      view: CaseView | undefined;
    }
  | {
      outcome: 'rejected';
      /** Null when the answer was refused before anything was sent. */
      answerId: number | null;
      kind: AnswerRejection;
      message: string;
      view: CaseView | undefined;
    };
