import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { localTime } from '../format/local-time.ts';
import type { FindMatch } from './transcript-find.ts';
import type { TranscriptBlock } from './transcript-blocks.ts';
import { MarkedText } from './marked-text.tsx';
import type { MarkRange } from './marked-text.tsx';

// The transcript's blocks in a scrolling, virtualised column. Heights vary
// (a one-line reply, a long e-mail), so each rendered block is measured.

export interface TranscriptBlocksViewProps {
  blocks: readonly TranscriptBlock[];
  matches: readonly FindMatch[];
  /** Index into `matches` of the match to show, or -1. */
  current: number;
  onOpenLink: (url: string) => void;
}

function blockMarks(
  matches: readonly FindMatch[],
  current: number,
): Map<number, MarkRange[]> {
  const byBlock = new Map<number, MarkRange[]>();
  matches.forEach((match, index) => {
    const list = byBlock.get(match.block) ?? [];
    byBlock.set(match.block, list);
    list.push({
      start: match.start,
      end: match.end,
      current: index === current,
    });
  });
  return byBlock;
}

function Block(props: {
  block: TranscriptBlock;
  marks: readonly MarkRange[];
  onOpenLink: (url: string) => void;
}) {
  const { block, marks, onOpenLink } = props;
  const text = (
    <MarkedText text={block.text} marks={marks} onOpenLink={onOpenLink} />
  );
  if (block.kind === 'raw') {
    return <pre className="transcript-raw">{text}</pre>;
  }
  const { message, own } = block;
  return (
    <div
      className={`transcript-message ${own ? 'is-own' : 'is-counterparty'}`}
      aria-label={`${own ? 'Our side' : 'Counterparty'}: ${message.name}`}
      role="article"
    >
      <div className="transcript-message-head">
        <span className="transcript-side">
          {own ? 'Our side' : 'Counterparty'}
        </span>
        <strong className="transcript-sender">{message.name}</strong>
        {message.address && message.address !== message.name && (
          <span className="muted">&lt;{message.address}&gt;</span>
        )}
        <span className="transcript-time muted">
          {message.time === null ? (
            message.timestamp
          ) : (
            <time dateTime={message.timestamp}>{localTime(message.time)}</time>
          )}
        </span>
      </div>
      <div className="transcript-body">{text}</div>
    </div>
  );
}

/** The blocks, virtualised, scrolled to the current match. */
export function TranscriptBlocksView(props: TranscriptBlocksViewProps) {
  const { blocks, matches, current, onOpenLink } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  // oxlint-disable-next-line react/incompatible-library -- no React Compiler here; the virtualiser is mutable by design
  const virtualizer = useVirtualizer({
    count: blocks.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 120,
    overscan: 4,
  });
  const marks = blockMarks(matches, current);
  const currentBlock = matches[current]?.block;

  useEffect(() => {
    if (currentBlock === undefined) return;
    virtualizer.scrollToIndex(currentBlock, { align: 'start' });
    // The block is rendered on the next frame; then centre the match in
    // this box only (scrollIntoView would scroll the whole window too).
    const frame = requestAnimationFrame(() => {
      const box = scrollRef.current;
      const mark = box?.querySelector('[data-current-match]');
      if (!box || !mark) return;
      const offset =
        mark.getBoundingClientRect().top - box.getBoundingClientRect().top;
      box.scrollTop += offset - box.clientHeight / 2;
    });
    return () => cancelAnimationFrame(frame);
  }, [current, currentBlock, virtualizer]);

  return (
    <div
      ref={scrollRef}
      className="transcript-scroll"
      tabIndex={0}
      role="region"
      aria-label="Transcript messages"
    >
      <div
        className="transcript-scroll-inner"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {virtualizer.getVirtualItems().map((row) => (
          <div
            key={row.key}
            data-index={row.index}
            ref={virtualizer.measureElement}
            className="transcript-block"
            style={{ transform: `translateY(${row.start}px)` }}
          >
            <Block
              block={blocks[row.index]!}
              marks={marks.get(row.index) ?? []}
              onOpenLink={onOpenLink}
            />
          </div>
        ))}
      </div>
    </div>
  );
}
