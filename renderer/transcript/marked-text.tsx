import type { ReactNode } from 'react';
import { textPieces } from './text-links.ts';

// One block's text with find matches marked and links given an "open"
// button. Everything is a text node or a plain element we create: the
// transcript is never parsed as markup.

export interface MarkRange {
  start: number;
  end: number;
  current: boolean;
}

export interface MarkedTextProps {
  text: string;
  /** Matches within this text, in order, not overlapping. */
  marks: readonly MarkRange[];
  onOpenLink: (url: string) => void;
}

function marked(
  text: string,
  from: number,
  to: number,
  marks: readonly MarkRange[],
): ReactNode[] {
  const nodes: ReactNode[] = [];
  let at = from;
  for (const mark of marks) {
    if (mark.end <= from || mark.start >= to) continue;
    const start = Math.max(mark.start, from);
    const end = Math.min(mark.end, to);
    if (start > at) nodes.push(text.slice(at, start));
    nodes.push(
      <mark
        key={`${start}`}
        className={mark.current ? 'mark-current' : undefined}
        data-current-match={mark.current ? '' : undefined}
      >
        {text.slice(start, end)}
      </mark>,
    );
    at = end;
  }
  if (at < to) nodes.push(text.slice(at, to));
  return nodes;
}

/** Text with highlights and link buttons. */
export function MarkedText({ text, marks, onOpenLink }: MarkedTextProps) {
  return (
    <>
      {textPieces(text).map(({ start, end, link }) => {
        const content = marked(text, start, end, marks);
        if (link === null) return <span key={start}>{content}</span>;
        return (
          <span key={start} className="transcript-link">
            <span className="transcript-link-text">{content}</span>
            <button
              type="button"
              className="button-small transcript-link-open"
              aria-label={`Open link ${link}`}
              onClick={() => onOpenLink(link)}
            >
              open
            </button>
          </span>
        );
      })}
    </>
  );
}
