import { describe, expect, it } from 'vitest';
import {
  MAX_QUERY_LENGTH,
  toFtsQuery,
} from '../../../../electron/core/store/search-query.ts';

describe('toFtsQuery', () => {
  it.each([
    ['nort', '"nort"*'],
    ['  signed   w9 ', '"signed" AND "w9"*'],
    ['W-9', '"W-9"'],
    ['W-99', '"W-99"*'],
    ['nort a', '"nort" AND "a"'],
    ['ab', '"ab"*'],
    ['é', '"é"'],
    ['ap@northstar.example', '"ap@northstar.example"*'],
    ['"form is attached"', '"form is attached"'],
    ['"form is" attached', '"form is" AND "attached"*'],
    ['NEAR(a b)', '"NEAR(a" AND "b)"'],
    ['AND OR NOT', '"AND" AND "OR" AND "NOT"*'],
    ['text:foo', '"text:foo"*'],
    ['say "hi', '"say" AND "hi"*'],
    ['a"b', '"a" AND "b"'],
    ['Müller', '"Müller"*'],
    ['東京', '"東京"*'],
    ['- * ^ tax', '"tax"*'],
  ])('reads %j as %s', (input, expected) => {
    expect(toFtsQuery(input)).toBe(expected);
  });

  it.each([[`it's"x`], ['x""y'], ['"""a'], ['a "b "c" d'], ['"x" "']])(
    'never leaves a quote open in the query for %j',
    (input) => {
      const query = toFtsQuery(input) ?? '';
      expect(query.replaceAll('""', '').split('"').length % 2).toBe(1);
      expect(query).toMatch(/^("[^"]+"\*?)( AND "[^"]+"\*?)*$/);
    },
  );

  it.each([
    [''],
    ['   '],
    ['"'],
    ['""'],
    ['" "'],
    ['*'],
    ['- + : ( )'],
    ['\u0000'],
  ])('finds no word in %j', (input) => {
    expect(toFtsQuery(input)).toBeNull();
  });

  it('keeps at most 16 phrases and reads only the first 500 characters', () => {
    const many = Array.from({ length: 20 }, (_, i) => `w${i}`).join(' ');
    const query = toFtsQuery(many) ?? '';
    expect(query.split(' AND ')).toHaveLength(16);
    expect(query.endsWith('"w15"*')).toBe(true);
    const long = `${'x'.repeat(MAX_QUERY_LENGTH)}tail`;
    expect(toFtsQuery(long)).toBe(`"${'x'.repeat(MAX_QUERY_LENGTH)}"*`);
  });
});
