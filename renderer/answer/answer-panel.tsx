import { useId, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { CaseView } from '../../shared/offload/schemas.ts';
import type { CaseInputRequest } from '../../shared/offload/schemas.ts';
import { inputState } from '../../shared/offload/case-rules.ts';
import { offload, unwrap } from '../api/offload.ts';
import { localTime } from '../format/local-time.ts';
import { useAnswerDraft } from './use-answer-draft.ts';
import './answer-panel.css';

// The answer form, shown first in the detail pane while a case waits for
// a person. After an accepted answer it says so until Offload moves the
// case on; a refused answer is explained in Offload's words (already
// turned into sentences by the main process) and the draft stays.

export interface AnswerPanelProps {
  caseId: string;
  view: CaseView;
  /** After each submit, so the container can reload the case. */
  onSubmitted?: () => void;
}

const SEND_KEY = navigator.platform.toLowerCase().includes('mac')
  ? '⌘'
  : 'Ctrl';

const SENT_WORDS = 'Answer sent, waiting for Offload.';

function Question({ request }: { request: CaseInputRequest }) {
  return (
    <blockquote className="answer-question">
      <p>{request.question}</p>
      {request.requestedAt !== null && (
        <footer className="muted">
          Asked {localTime(request.requestedAt)}
        </footer>
      )}
    </blockquote>
  );
}

interface AnswerFormProps {
  caseId: string;
  request: CaseInputRequest;
  onSubmitted?: (() => void) | undefined;
}

/** The box and button for one question (keyed by its id). */
function AnswerForm({ caseId, request, onSubmitted }: AnswerFormProps) {
  const boxId = useId();
  const draft = useAnswerDraft(caseId, request.id);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);

  async function submit() {
    if (sending || draft.text.trim() === '') return;
    setSending(true);
    setError(null);
    try {
      const result = await unwrap(
        offload().input.submit(caseId, request.id, draft.text),
      );
      if (result.outcome === 'accepted') {
        setSent(true);
        draft.clear();
      } else {
        setError(result.message);
      }
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setSending(false);
      onSubmitted?.();
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    }
  }

  if (sent) {
    return (
      <p className="notice notice-success" role="status">
        {SENT_WORDS}
      </p>
    );
  }
  return (
    <>
      <label htmlFor={boxId}>Your answer</label>
      <textarea
        id={boxId}
        rows={5}
        value={draft.text}
        onChange={(event) => draft.setText(event.target.value)}
        onKeyDown={onKeyDown}
        aria-describedby={`${boxId}-hint`}
      />
      <div className="answer-actions">
        <span id={`${boxId}-hint`} className="muted">
          Saved as you type. {SEND_KEY}+Enter sends.
        </span>
        <button
          type="button"
          className="button-primary"
          onClick={() => void submit()}
          disabled={sending || draft.text.trim() === ''}
        >
          {sending ? 'Sending…' : 'Send answer'}
        </button>
      </div>
      <p className="visually-hidden" role="status">
        {sending ? 'Sending answer' : ''}
      </p>
      {error && (
        <p className="notice notice-danger" role="alert">
          The answer was not accepted: {error} Your draft is kept.
        </p>
      )}
      {draft.saveError && (
        <p className="notice notice-warning">
          The draft could not be saved: {draft.saveError}
        </p>
      )}
    </>
  );
}

/** The question a case waits on and the box to answer it. */
export function AnswerPanel({ caseId, view, onSubmitted }: AnswerPanelProps) {
  const headingId = useId();
  const state = inputState(view);
  const request = view.inputRequest;
  if (state === 'none' || request === null) return null;
  return (
    <section className="answer-panel" aria-labelledby={headingId}>
      <h3 id={headingId}>Offload needs your input</h3>
      <Question request={request} />
      {state === 'answer-processing' ? (
        <p className="notice notice-success" role="status">
          {SENT_WORDS}
        </p>
      ) : (
        <AnswerForm
          key={request.id}
          caseId={caseId}
          request={request}
          onSubmitted={onSubmitted}
        />
      )}
    </section>
  );
}
