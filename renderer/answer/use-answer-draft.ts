import { useCallback, useEffect, useRef, useState } from 'react';
import { offload, unwrap } from '../api/offload.ts';

// The answer being typed, saved to the main process as it is typed so it
// survives a restart. Saves are debounced; a pending save is flushed when
// the question changes or the panel goes away, so no keystroke is lost.

/** Wait after the last keystroke before saving the draft. */
export const DRAFT_SAVE_DELAY_MS = 400;

export interface AnswerDraft {
  text: string;
  setText: (text: string) => void;
  /** Forgets the local text (after the answer was accepted). */
  clear: () => void;
  /** Set when saving the draft failed, in words. */
  saveError: string | null;
}

/** The draft for one case's input request. */
export function useAnswerDraft(
  caseId: string,
  inputRequestId: string | null,
): AnswerDraft {
  const [text, setLocalText] = useState('');
  const [saveError, setSaveError] = useState<string | null>(null);
  const pending = useRef<{ text: string; timer: number } | null>(null);
  const typed = useRef(false);

  const flush = useCallback(() => {
    const waiting = pending.current;
    if (!waiting || inputRequestId === null) return;
    window.clearTimeout(waiting.timer);
    pending.current = null;
    unwrap(offload().input.saveDraft(caseId, inputRequestId, waiting.text))
      .then(() => setSaveError(null))
      .catch((error: unknown) =>
        setSaveError(error instanceof Error ? error.message : String(error)),
      );
  }, [caseId, inputRequestId]);

  // Restore the saved draft, unless the person already started typing
  // (their words win over a late answer). Callers key the component by
  // input request, so a new question starts with fresh state.
  useEffect(() => {
    if (inputRequestId === null) return;
    let live = true;
    unwrap(offload().input.draft(caseId, inputRequestId)).then(
      (draft) => {
        if (live && draft && !typed.current) setLocalText(draft.text);
      },
      () => {
        // No saved draft to restore is not worth a message: the box is empty.
      },
    );
    return () => {
      live = false;
      flush();
    };
  }, [caseId, inputRequestId, flush]);

  const setText = useCallback(
    (next: string) => {
      typed.current = true;
      setLocalText(next);
      if (pending.current) window.clearTimeout(pending.current.timer);
      pending.current = {
        text: next,
        timer: window.setTimeout(flush, DRAFT_SAVE_DELAY_MS),
      };
    },
    [flush],
  );

  const clear = useCallback(() => {
    if (pending.current) window.clearTimeout(pending.current.timer);
    pending.current = null;
    setLocalText('');
  }, []);

  return { text, setText, clear, saveError };
}
