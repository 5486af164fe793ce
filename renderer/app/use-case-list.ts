import { useCallback, useEffect, useRef, useState } from 'react';
import type { CaseListItem } from '../../shared/case-data.ts';
import { offload, unwrap } from '../api/offload.ts';

// The watched cases, read once and again after changes. A sync pass over
// thousands of cases emits thousands of events; reads are coalesced so the
// list is read at most once per RELOAD_GAP_MS however many arrive.

export const RELOAD_GAP_MS = 500;

export interface CaseListState {
  items: CaseListItem[] | null;
  error: string | null;
  /** Asks for a read soon (coalesced with others). */
  reloadSoon: () => void;
  /** Reads now. */
  reload: () => void;
  /** Drops the unseen dot of a case the person opened. */
  markSeenLocally: (caseId: string) => void;
}

/** The case list, kept current. */
export function useCaseList(): CaseListState {
  const [items, setItems] = useState<CaseListItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<number | null>(null);
  const live = useRef(true);

  const reload = useCallback(() => {
    unwrap(offload().cases.list()).then(
      (list) => {
        if (!live.current) return;
        setItems(list);
        setError(null);
      },
      (failure: unknown) => {
        if (!live.current) return;
        setError(failure instanceof Error ? failure.message : String(failure));
      },
    );
  }, []);

  const reloadSoon = useCallback(() => {
    if (timer.current !== null) return;
    timer.current = window.setTimeout(() => {
      timer.current = null;
      reload();
    }, RELOAD_GAP_MS);
  }, [reload]);

  useEffect(() => {
    live.current = true;
    reload();
    return () => {
      live.current = false;
      if (timer.current !== null) window.clearTimeout(timer.current);
      timer.current = null;
    };
  }, [reload]);

  const markSeenLocally = useCallback((caseId: string) => {
    setItems(
      (list) =>
        list?.map((item) =>
          item.caseId === caseId && item.unseen
            ? { ...item, unseen: false }
            : item,
        ) ?? null,
    );
  }, []);

  return { items, error, reloadSoon, reload, markSeenLocally };
}
