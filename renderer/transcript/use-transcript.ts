import { useCallback, useEffect, useRef, useState } from 'react';
import type { TranscriptRecord } from '../../shared/case-data.ts';
import { offload, unwrap } from '../api/offload.ts';
import type { TranscriptState } from './transcript-view.tsx';

function savedRecord(state: TranscriptState): TranscriptRecord | null {
  if (state.kind === 'saved') return state.record;
  if (state.kind === 'not-fetched') return null;
  return state.saved;
}

function words(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The saved transcript of a case (the caller keys its component by case,
 * so a new case starts from a fresh state), read again whenever `reloadToken`
 * changes (the sync engine saved a new one), and a refresh that fetches
 * it from Offload now.
 */
export function useTranscript(
  caseId: string,
  reloadToken: number,
): { state: TranscriptState; refresh: () => void } {
  const [state, setState] = useState<TranscriptState>({
    kind: 'loading',
    saved: null,
  });

  useEffect(() => {
    let live = true;
    unwrap(offload().transcripts.get(caseId)).then(
      (record) => {
        if (!live) return;
        setState(
          record === null ? { kind: 'not-fetched' } : { kind: 'saved', record },
        );
      },
      (error: unknown) => {
        if (live)
          setState({ kind: 'failed', message: words(error), saved: null });
      },
    );
    return () => {
      live = false;
    };
    // oxlint-disable-next-line react/exhaustive-effect-dependencies, react-hooks/exhaustive-deps -- the token's only job is to re-run this read
  }, [caseId, reloadToken]);

  // The copy on screen stays while a refresh runs and after it fails.
  const saved = useRef<TranscriptRecord | null>(null);
  useEffect(() => {
    saved.current = savedRecord(state);
  }, [state]);

  const refresh = useCallback(() => {
    const kept = saved.current;
    setState({ kind: 'loading', saved: kept });
    unwrap(offload().transcripts.refresh(caseId)).then(
      (result) =>
        setState(
          result.ok
            ? { kind: 'saved', record: result.transcript }
            : { kind: 'failed', message: result.error.message, saved: kept },
        ),
      (error: unknown) =>
        setState({ kind: 'failed', message: words(error), saved: kept }),
    );
  }, [caseId]);

  return { state, refresh };
}
