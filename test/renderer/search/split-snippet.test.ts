import { describe, expect, test } from 'vitest';
import {
  SEARCH_MARK_END as END,
  SEARCH_MARK_START as START,
} from '../../../shared/case-data.ts';
import { splitSnippet } from '../../../renderer/search/split-snippet.ts';

describe('splitSnippet', () => {
  test.each([
    ['plain text is one unmarked run', 'hello', [['hello', false]]],
    ['an empty snippet has no runs', '', []],
    [
      'a match in the middle is its own marked run',
      `the ${START}invoice${END} is wrong`,
      [
        ['the ', false],
        ['invoice', true],
        [' is wrong', false],
      ],
    ],
    [
      'two matches give two marked runs',
      `${START}a${END} and ${START}b${END}`,
      [
        ['a', true],
        [' and ', false],
        ['b', true],
      ],
    ],
    [
      'a start mark with no end marks the rest',
      `see ${START}rest of it`,
      [
        ['see ', false],
        ['rest of it', true],
      ],
    ],
    ['a stray end mark is dropped', `a${END}b`, [['ab', false]]],
    ['a doubled start mark is one', `${START}${START}x${END}`, [['x', true]]],
    [
      'markup stays text',
      `${START}<img src=x onerror=alert(1)>${END}`,
      [['<img src=x onerror=alert(1)>', true]],
    ],
  ])('%s', (_name, snippet, runs) => {
    expect(splitSnippet(snippet).map((run) => [run.text, run.marked])).toEqual(
      runs,
    );
  });
});
