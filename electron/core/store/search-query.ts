// Turns what a person types in the search box into an FTS5 query. Typed
// text is never FTS5 syntax: `NEAR(`, `AND`, `-`, `*` and `text:foo` are
// words to look for, not operators or column filters. Each space-separated
// chunk becomes a quoted phrase (so `W-9` and `ap@northstar.example` match
// as written, the tokenizer splitting them exactly as it split the text),
// text between a pair of double quotes is one phrase, the last chunk
// matches as a prefix (so "nort" finds "Northstar" while typing), and all
// phrases must match (AND). A last word of one letter is matched whole: as
// a prefix it would expand to a large share of the vocabulary, which is
// slow and finds everything.

/** Longer input is cut to this many characters before parsing. */
export const MAX_QUERY_LENGTH = 500;
/** Phrases beyond this many are ignored (each one narrows the result). */
export const MAX_QUERY_PHRASES = 16;

// What the unicode61 tokenizer keeps as part of a word: letters, digits
// and private-use characters. A chunk without one matches nothing.
const WORD_CHARACTER = /[\p{L}\p{N}\p{Co}]/u;
const LAST_WORD = /[\p{L}\p{N}\p{Co}]+(?=[^\p{L}\p{N}\p{Co}]*$)/u;
/** Shortest last word matched as a prefix. */
export const MIN_PREFIX_LENGTH = 2;

function quote(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/**
 * The FTS5 MATCH expression for free text, or null when the text holds no
 * word to look for.
 */
export function toFtsQuery(input: string): string | null {
  const text = input.slice(0, MAX_QUERY_LENGTH);
  const phrases: { text: string; quoted: boolean }[] = [];
  // A pair of quotes groups words; a lone quote is an ordinary character.
  for (const match of text.matchAll(/"([^"]*)"|[^\s"]+|"/g)) {
    const quoted = match[1] !== undefined;
    const chunk = quoted ? (match[1] ?? '') : match[0];
    if (WORD_CHARACTER.test(chunk)) phrases.push({ text: chunk, quoted });
  }
  const used = phrases.slice(0, MAX_QUERY_PHRASES);
  if (used.length === 0) return null;
  return used
    .map((phrase, index) => {
      const prefix =
        index === used.length - 1 &&
        !phrase.quoted &&
        [...(LAST_WORD.exec(phrase.text)?.[0] ?? '')].length >=
          MIN_PREFIX_LENGTH;
      return quote(phrase.text) + (prefix ? '*' : '');
    })
    .join(' AND ');
}
