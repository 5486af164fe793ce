// Find in transcript: every match of the query in the blocks' texts, as
// offsets into each block. A regular expression with the `u` and `i`
// flags gives offsets in the original text (lower-casing would not: some
// letters change length), and the limit keeps a one-letter query in a
// 5 MB transcript from building a million highlights.

export interface FindMatch {
  block: number;
  start: number;
  end: number;
}

/** The most matches highlighted; the count says when there were more. */
export const MAX_MATCHES = 5_000;

function escapeForRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches of `query` (case-insensitive, literal) across the blocks. */
export function findMatches(
  texts: readonly string[],
  query: string,
  limit = MAX_MATCHES,
): { matches: FindMatch[]; truncated: boolean } {
  const matches: FindMatch[] = [];
  if (query.trim() === '') return { matches, truncated: false };
  const pattern = new RegExp(escapeForRegExp(query), 'giu');
  for (let block = 0; block < texts.length; block += 1) {
    const text = texts[block] ?? '';
    pattern.lastIndex = 0;
    for (const found of text.matchAll(pattern)) {
      if (matches.length === limit) return { matches, truncated: true };
      matches.push({
        block,
        start: found.index,
        end: found.index + found[0].length,
      });
    }
  }
  return { matches, truncated: false };
}
