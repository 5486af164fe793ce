import { useVirtualizer } from '@tanstack/react-virtual';
import { useId, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { CaseListItem } from '../../shared/case-data.ts';
import { CaseRow } from './case-row.tsx';
import './case-list.css';

// The case list is a listbox: focus stays on the list and the active row
// is announced through aria-activedescendant, so only the rows on screen
// exist in the DOM (10,000 cases scroll like 20). The active row is kept
// by case id, so a sync that reorders the list does not move the cursor
// to another case.

/** Row height in px; rows are fixed so the virtualiser never measures. */
export const CASE_ROW_HEIGHT = 56;
const PAGE_ROWS = 10;

export interface CaseListProps {
  /** The cases to show, already filtered and sorted. */
  items: readonly CaseListItem[];
  /** The case open in the detail pane. */
  openId: string | null;
  now: number;
  onOpen: (caseId: string) => void;
  /** The list's accessible name, e.g. "Cases: Needs input". */
  label: string;
}

/** The virtualised, keyboard-driven list of cases. */
export function CaseList({ items, openId, now, onOpen, label }: CaseListProps) {
  const idPrefix = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [activeId, setActiveId] = useState<string | null>(openId);
  // oxlint-disable-next-line react/incompatible-library -- no React Compiler here; the virtualiser is mutable by design
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CASE_ROW_HEIGHT,
    overscan: 8,
  });

  // Found once per list or move, not on every scroll frame.
  const found = useMemo(
    () => items.findIndex((item) => item.caseId === activeId),
    [items, activeId],
  );
  const activeIndex = found === -1 ? 0 : found;

  function moveTo(index: number) {
    const bounded = Math.max(0, Math.min(items.length - 1, index));
    const item = items[bounded];
    if (!item) return;
    setActiveId(item.caseId);
    virtualizer.scrollToIndex(bounded, { align: 'auto' });
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const moves: Record<string, number> = {
      ArrowDown: activeIndex + 1,
      j: activeIndex + 1,
      ArrowUp: activeIndex - 1,
      k: activeIndex - 1,
      PageDown: activeIndex + PAGE_ROWS,
      PageUp: activeIndex - PAGE_ROWS,
      Home: 0,
      End: items.length - 1,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      moveTo(target);
    } else if (event.key === 'Enter' || event.key === ' ') {
      const item = items[activeIndex];
      if (item) {
        event.preventDefault();
        onOpen(item.caseId);
      }
    }
  }

  if (items.length === 0) {
    return (
      <p className="case-list-empty muted" role="status">
        No cases in this view.
      </p>
    );
  }

  const optionId = (index: number) => `${idPrefix}-case-${index}`;
  return (
    <div
      ref={scrollRef}
      className="case-list"
      role="listbox"
      aria-label={label}
      tabIndex={0}
      aria-activedescendant={optionId(activeIndex)}
      onKeyDown={onKeyDown}
    >
      <div
        className="case-list-inner"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {virtualizer.getVirtualItems().map((row) => {
          const item = items[row.index]!;
          const classes = ['case-list-row'];
          if (row.index === activeIndex) classes.push('is-active');
          if (item.caseId === openId) classes.push('is-open');
          if (item.unseen) classes.push('is-unseen');
          return (
            <div
              key={item.caseId}
              id={optionId(row.index)}
              role="option"
              aria-selected={item.caseId === openId}
              aria-setsize={items.length}
              aria-posinset={row.index + 1}
              className={classes.join(' ')}
              style={{
                height: CASE_ROW_HEIGHT,
                transform: `translateY(${row.start}px)`,
              }}
              onClick={() => {
                setActiveId(item.caseId);
                scrollRef.current?.focus({ preventScroll: true });
                onOpen(item.caseId);
              }}
            >
              <CaseRow item={item} now={now} />
            </div>
          );
        })}
      </div>
    </div>
  );
}
