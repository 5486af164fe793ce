import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  caseFolderName,
  MAX_FILE_NAME_BYTES,
  safeFileName,
  truncateToBytes,
  uniqueFileName,
  utf8Length,
} from '../../../../electron/core/downloads/safe-file-name.ts';
import { seededRandom } from '../../../support/mulberry32.ts';

const FALLBACK = 'att_01HZX';
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/** Every promise a safe name makes, checked in one place. */
function expectSafe(name: string): void {
  expect(name).not.toBe('');
  expect(name).not.toMatch(/[/\\<>:"|?*]/);
  expect(name).not.toMatch(/\p{Cc}/u);
  expect(name).not.toMatch(/[. ]$/);
  expect(name).not.toMatch(/^[. ]/);
  expect(utf8Length(name)).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
  expect(RESERVED.test((name.split('.')[0] ?? '').trimEnd())).toBe(false);
  expect(name.isWellFormed()).toBe(true);
}

describe('safeFileName', () => {
  it.each([
    ['../../.bashrc', 'bashrc'],
    ['/etc/passwd', 'passwd'],
    ['C:\\Windows\\x', 'x'],
    ['C:evil.exe', 'evil.exe'],
    ['..\\..\\boot.ini', 'boot.ini'],
    ['a/b', 'b'],
    ['CON', '_CON'],
    ['con.txt', '_con.txt'],
    ['Nul.tar.gz', '_Nul.tar.gz'],
    ['COM1', '_COM1'],
    ['lpt9.pdf', '_lpt9.pdf'],
    ['CON .txt', '_CON .txt'],
    ['console.txt', 'console.txt'],
    ['', FALLBACK],
    ['.', FALLBACK],
    ['..', FALLBACK],
    ['   ', FALLBACK],
    ['///', FALLBACK],
    ['invoice\n2024.pdf', 'invoice 2024.pdf'],
    ['line\r\nbreak\t.pdf', 'line break .pdf'],
    ['nul\u0000byte.pdf', 'nul byte.pdf'],
    ['photo\u202egpj.exe', 'photo gpj.exe'],
    ['what?<>|*".pdf', 'what______.pdf'],
    ['report. . .', 'report'],
    ['  spaced name.pdf  ', 'spaced name.pdf'],
    ['vendor w9 (signed).pdf', 'vendor w9 (signed).pdf'],
    ['Résumé.pdf', 'Résumé.pdf'],
    ['家族👨‍👩‍👧.png', '家族👨‍👩‍👧.png'],
  ])('turns %j into %j', (input, expected) => {
    const name = safeFileName(input, FALLBACK);
    expect(name).toBe(expected);
    expectSafe(name);
  });

  it('uses the fallback when the name is missing', () => {
    expect(safeFileName(undefined, FALLBACK)).toBe(FALLBACK);
  });

  it('sanitises the fallback too, and never returns an empty name', () => {
    expect(safeFileName('', '../id/../CON')).toBe('_CON');
    expect(safeFileName('', '')).toBe('download');
    expect(safeFileName('..', '..')).toBe('download');
  });

  it('shortens a 300-character Unicode name to 200 bytes, keeping .pdf', () => {
    const stem = Array.from(
      { length: 296 },
      (_, i) => ['文', '😀', 'é'][i % 3],
    ).join('');
    const input = `${stem}.pdf`;
    expect([...input]).toHaveLength(300);

    const name = safeFileName(input, FALLBACK);
    expectSafe(name);
    expect(name.endsWith('.pdf')).toBe(true);
    expect(input.startsWith(name.slice(0, -4))).toBe(true);
    // Within one character of the limit: nothing cut that would fit.
    expect(utf8Length(name)).toBeGreaterThan(MAX_FILE_NAME_BYTES - 4);
  });

  it('never splits an emoji, a surrogate pair or an accent', () => {
    const family = '👨‍👩‍👧';
    const name = safeFileName(`${family.repeat(40)}.txt`, FALLBACK);
    expectSafe(name);
    const stem = name.slice(0, -'.txt'.length);
    expect(stem.length % family.length).toBe(0);
    expect(stem).toBe(family.repeat(stem.length / family.length));

    const accented = 'e\u0301'.repeat(150);
    const cut = safeFileName(accented, FALLBACK);
    expect(cut.normalize('NFC')).toBe(cut);
    expect(utf8Length(cut)).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
  });

  it('treats an overlong extension as part of the name', () => {
    const name = safeFileName(`a.${'x'.repeat(400)}`, FALLBACK);
    expectSafe(name);
    expect(name.startsWith('a.xxx')).toBe(true);
  });

  it('replaces lone surrogates rather than writing broken UTF-16', () => {
    const name = safeFileName('bad\ud800name.pdf', FALLBACK);
    expectSafe(name);
    expect(name).toBe('bad\ufffdname.pdf');
  });

  it('cuts a single huge grapheme between code points', () => {
    const name = safeFileName(`a${'\u0301'.repeat(300)}.pdf`, FALLBACK);
    expectSafe(name);
    expect(name.startsWith('á')).toBe(true);
    expect(name.endsWith('.pdf')).toBe(true);
  });
});

describe('safeFileName on random input', () => {
  const alphabet = [
    ...'abcXYZ019 ._-/\\:*?"<>|',
    '\n',
    '\r',
    '\t',
    '\u0000',
    '\u007f',
    '\u202e',
    '\u200d',
    'é',
    'e\u0301',
    '文',
    '😀',
    '\ud83d',
    'CON',
    'nul',
    'COM1',
    '..',
    'C:',
  ];

  it('keeps every invariant for 5 000 seeded random names', () => {
    const random = seededRandom(20_261_203);
    for (let round = 0; round < 5_000; round += 1) {
      const length = Math.floor(random() * 160);
      let input = '';
      for (let i = 0; i < length; i += 1) {
        input += alphabet[Math.floor(random() * alphabet.length)];
      }
      const name = safeFileName(input, FALLBACK);
      expectSafe(name);
      // Sanitising is stable: a safe name comes back unchanged.
      expect(safeFileName(name, FALLBACK)).toBe(name);
    }
  });
});

describe('uniqueFileName', () => {
  const folder = join('/downloads', 'case');

  function takenSet(...names: string[]): (path: string) => boolean {
    const taken = new Set(names.map((name) => join(folder, name)));
    return (path) => taken.has(path);
  }

  it('returns the name itself when it is free', () => {
    expect(uniqueFileName(folder, 'w9.pdf', takenSet())).toBe('w9.pdf');
  });

  it('counts up before the extension past every taken name', () => {
    const exists = takenSet('w9.pdf', 'w9 (1).pdf', 'w9 (2).pdf');
    expect(uniqueFileName(folder, 'w9.pdf', exists)).toBe('w9 (3).pdf');
  });

  it('appends the counter to a name without extension', () => {
    expect(uniqueFileName(folder, 'README', takenSet('README'))).toBe(
      'README (1)',
    );
  });

  it('shortens the stem so that a variant stays within 200 bytes', () => {
    const name = safeFileName(`${'😀'.repeat(80)}.pdf`, FALLBACK);
    const exists = takenSet(name);
    const variant = uniqueFileName(folder, name, exists);
    expect(variant).not.toBe(name);
    expect(variant.endsWith(' (1).pdf')).toBe(true);
    expectSafe(variant);
    expect(variant.isWellFormed()).toBe(true);
  });

  it('checks paths inside the given folder', () => {
    const seen: string[] = [];
    uniqueFileName(folder, 'a.txt', (path) => {
      seen.push(path);
      return seen.length < 2;
    });
    expect(seen).toEqual([join(folder, 'a.txt'), join(folder, 'a (1).txt')]);
  });
});

describe('caseFolderName', () => {
  it.each([
    ['PO-4411', 'case_1', 'PO-4411'],
    [undefined, 'case_1', 'case_1'],
    ['', 'case_1', 'case_1'],
    ['../../etc', 'case_1', 'etc'],
    ['acme/2024/Q1', 'case_1', 'Q1'],
    ['CON', 'case_1', '_CON'],
    ['ref.', 'case_1', 'ref'],
  ])('names the folder for %j / %j as %j', (reference, caseId, expected) => {
    expect(caseFolderName(reference, caseId)).toBe(expected);
  });
});

describe('truncateToBytes', () => {
  it('keeps whole characters within the byte budget', () => {
    expect(truncateToBytes('a😀b', 4)).toBe('a');
    expect(truncateToBytes('a😀b', 5)).toBe('a😀');
    expect(truncateToBytes('abc', 10)).toBe('abc');
    expect(truncateToBytes('文文', 5)).toBe('文');
  });
});
