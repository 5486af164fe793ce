import { expect, test } from 'vitest';
import { textPieces } from '../../../renderer/transcript/text-links.ts';

function links(text: string): (string | null)[] {
  return textPieces(text)
    .map((piece) => piece.link)
    .filter((link) => link !== null);
}

test('pieces cover the whole text in order', () => {
  const text = 'see https://a.example/x and http://b.example.';
  const pieces = textPieces(text);
  expect(
    pieces.map((piece) => text.slice(piece.start, piece.end)).join(''),
  ).toBe(text);
  expect(links(text)).toEqual(['https://a.example/x', 'http://b.example']);
});

test.each([
  ['(https://a.example/p)', 'https://a.example/p'],
  ['"https://a.example/q"', 'https://a.example/q'],
  ['<https://a.example/r>', 'https://a.example/r'],
  ['https://a.example/s?x=1&y=2, then', 'https://a.example/s?x=1&y=2'],
])('in %j the link is %j', (text, link) => {
  expect(links(text)).toEqual([link]);
});

test.each([
  ['javascript:alert(1)'],
  ['file:///etc/passwd'],
  ['mailto:someone@example.com'],
  ['ftp://x.example/'],
  ['no links at all'],
])('%j is not offered as a link', (text) => {
  expect(links(text)).toEqual([]);
});
