import { SEARCH_MARK_END, SEARCH_MARK_START } from '../../shared/case-data.ts';

// Search snippets arrive as plain text with private-use characters around
// each match. They are split here into runs, so the page renders matches
// as <mark> elements holding text, and never parses a snippet as markup.

export interface SnippetRun {
  text: string;
  marked: boolean;
}

/**
 * The runs of a snippet, in order, empty runs dropped. A start mark with
 * no end marks the rest; a stray end mark is dropped.
 */
export function splitSnippet(snippet: string): SnippetRun[] {
  const runs: SnippetRun[] = [];
  let marked = false;
  let text = '';
  const flush = () => {
    if (text !== '') runs.push({ text, marked });
    text = '';
  };
  for (const character of snippet) {
    if (character === SEARCH_MARK_START) {
      if (!marked) {
        flush();
        marked = true;
      }
    } else if (character === SEARCH_MARK_END) {
      if (marked) {
        flush();
        marked = false;
      }
    } else {
      text += character;
    }
  }
  flush();
  return runs;
}
