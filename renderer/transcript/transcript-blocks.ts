import { isOwnSide, parseTranscript } from '../../shared/offload/transcript.ts';
import type { TranscriptMessage } from '../../shared/offload/transcript.ts';

// A transcript as the blocks the view renders one by one: a message each
// when the text parses, otherwise the raw text cut into pieces at line
// ends. Blocks are what the virtualiser lays out, so a 5 MB transcript
// puts only the few blocks on screen into the DOM.

export type TranscriptBlock =
  | { kind: 'message'; message: TranscriptMessage; own: boolean; text: string }
  | { kind: 'raw'; text: string };

export type TranscriptLayout =
  | { parsed: true; blocks: TranscriptBlock[] }
  | { parsed: false; reason: string; blocks: TranscriptBlock[] };

/** About a screenful of raw text per block. */
const RAW_BLOCK_CHARS = 4_000;

/** Cuts raw text into blocks near RAW_BLOCK_CHARS, at a line end if any. */
export function rawBlocks(text: string): TranscriptBlock[] {
  const blocks: TranscriptBlock[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + RAW_BLOCK_CHARS);
    if (end < text.length) {
      const lineEnd = text.lastIndexOf('\n', end);
      if (lineEnd > start) end = lineEnd + 1;
    }
    blocks.push({ kind: 'raw', text: text.slice(start, end) });
    start = end;
  }
  return blocks;
}

/** The blocks of a transcript, telling our side from the counterparty. */
export function transcriptLayout(
  text: string,
  counterpartyAddress: string,
): TranscriptLayout {
  const parsed = parseTranscript(text);
  if (!parsed.ok) {
    return { parsed: false, reason: parsed.reason, blocks: rawBlocks(text) };
  }
  return {
    parsed: true,
    blocks: parsed.messages.map((message) => ({
      kind: 'message',
      message,
      own: isOwnSide(message, counterpartyAddress),
      text: message.body,
    })),
  };
}
