// Links in transcript text are shown as text; the view adds an "open"
// button beside each. Only http(s) addresses are recognised, and the main
// process checks the URL again before anything opens.

export interface TextPiece {
  start: number;
  end: number;
  /** The URL when this piece is a link. */
  link: string | null;
}

// Stops at whitespace, quotes and angle brackets, and leaves trailing
// punctuation to the sentence ("see https://x.example/a.").
const URL_PATTERN = /https?:\/\/[^\s<>"'`]+[^\s<>"'`.,;:!?)\]}]/giu;

/** The text cut into plain pieces and link pieces, covering all of it. */
export function textPieces(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let at = 0;
  for (const found of text.matchAll(URL_PATTERN)) {
    if (found.index > at) {
      pieces.push({ start: at, end: found.index, link: null });
    }
    const end = found.index + found[0].length;
    pieces.push({ start: found.index, end, link: found[0] });
    at = end;
  }
  if (at < text.length)
    pieces.push({ start: at, end: text.length, link: null });
  return pieces;
}
