import { useCallback, useEffect, useRef, useState } from 'react';
import type { CaseListItem } from '../../shared/case-data.ts';
import { offload, unwrap } from '../api/offload.ts';

// The watched cases, read once and again after changes. A sync pass over
// thousands of cases emits thousands of events; reads are coalesced so the
// list is read at most once per RELOAD_GAP_MS however many arrive. The
// first read asks for one screen of the most recent cases, then the whole
// list: with 10,000 cases the first rows show long before the rest has
// crossed from the main process.

export const RELOAD_GAP_MS = 500;
/** Rows enough to fill the first screen of a tall window. */
export const FIRST_SCREEN_CASES = 60;

export interface CaseListState {
  items: CaseListItem[] | null;
  /** False while `items` holds only the first screen of cases. */
  complete: boolean;
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
  const [complete, setComplete] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<number | null>(null);
  const live = useRef(true);
  const wholeArrived = useRef(false);

  const reload = useCallback(() => {
    unwrap(offload().cases.list()).then(
      (list) => {
        if (!live.current) return;
        wholeArrived.current = true;
        setItems(list);
        setComplete(true);
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
    // The first screen, unless the whole list is already back.
    unwrap(offload().cases.list({ first: FIRST_SCREEN_CASES })).then(
      (list) => {
        if (live.current && !wholeArrived.current) setItems(list);
      },
      () => {
        // The whole list's read reports any failure.
      },
    );
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

  return { items, complete, error, reloadSoon, reload, markSeenLocally };
}
