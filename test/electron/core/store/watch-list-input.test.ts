import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MAX_LISTED_PROBLEMS,
  MAX_WATCH_FILE_BYTES,
  WatchFileError,
  parseWatchInput,
  readWatchFile,
} from '../../../../electron/core/store/watch-list-input.ts';
import { makeTempDir } from './store-fixtures.ts';

const A = '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';
const B = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const C = 'case_2048.v2:eu-1';

const ids = (text: string) =>
  parseWatchInput(text).entries.map((entry) => entry.caseId);

describe('parseWatchInput with plain ids', () => {
  it('reads one id per line, trimming and skipping blanks and comments', () => {
    const text = `# cases from the AP queue\n  ${A}  \n\n   # ${B}\n${C}\n`;
    expect(parseWatchInput(text)).toEqual({
      entries: [{ caseId: A }, { caseId: C }],
      problems: [],
    });
  });

  it('reads several ids on a line, separated by commas, semicolons or spaces', () => {
    expect(ids(`${A}, ${B};${C}\t x1`)).toEqual([A, B, C, 'x1']);
  });

  it('reads a pasted JSON array or quoted list', () => {
    expect(ids(`["${A}", "${B}"]`)).toEqual([A, B]);
    expect(ids(`'${A}' '${B}'`)).toEqual([A, B]);
  });

  it('handles a byte order mark, CRLF and lone CR line ends', () => {
    const result = parseWatchInput(`\uFEFF${A}\r\n${B}\r${C}\r\nbad/id`);
    expect(result.entries.map((e) => e.caseId)).toEqual([A, B, C]);
    expect(result.problems).toEqual([
      {
        line: 4,
        text: 'bad/id',
        reason: expect.stringMatching(/not a case id/),
      },
    ]);
  });

  it('keeps each id once', () => {
    expect(ids(`${A}\n${B}\n${A}, ${A}`)).toEqual([A, B]);
  });

  it('reports every bad token with its line and keeps the rest', () => {
    const text = [
      A,
      'https://console.example/cases/123',
      `${B} café`,
      'x'.repeat(201),
    ].join('\n');
    const result = parseWatchInput(text);
    expect(result.entries.map((e) => e.caseId)).toEqual([A, B]);
    expect(result.problems).toEqual([
      {
        line: 2,
        text: 'https://console.example/cases/123',
        reason: expect.stringMatching(/not a case id/),
      },
      { line: 3, text: 'café', reason: expect.stringMatching(/not a case id/) },
      {
        line: 4,
        text: `${'x'.repeat(120)}…`,
        reason: 'longer than 200 characters',
      },
    ]);
  });

  it('accepts an id of exactly 200 characters', () => {
    expect(ids('y'.repeat(200))).toEqual(['y'.repeat(200)]);
  });
});

describe('parseWatchInput with a CSV header', () => {
  it.each([['caseId'], ['case_id'], ['ID'], ['Case ID'], [' CASEID ']])(
    'accepts %j as the case id column',
    (header) => {
      expect(parseWatchInput(`${header},label\n${A},Vendor`).entries).toEqual([
        { caseId: A, label: 'Vendor' },
      ]);
    },
  );

  it('reads labels and references in any column order, ignoring others', () => {
    const text = [
      'owner,client_reference_id,Label,caseId',
      `ann,vendor_2048,W-9 for Northstar,${A}`,
      `bob,,,${B}`,
    ].join('\n');
    expect(parseWatchInput(text)).toEqual({
      entries: [
        {
          caseId: A,
          label: 'W-9 for Northstar',
          clientReferenceId: 'vendor_2048',
        },
        { caseId: B },
      ],
      problems: [],
    });
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const text = [
      'caseId,label,clientReferenceId',
      `"${A}","Acme, Inc. ""rush""",ref-1`,
      `${B},"two`,
      `lines"`,
      `${C}, "spaced" ,`,
      'bad id,x',
    ].join('\r\n');
    const result = parseWatchInput(`\uFEFF${text}`);
    expect(result.entries).toEqual([
      { caseId: A, label: 'Acme, Inc. "rush"', clientReferenceId: 'ref-1' },
      { caseId: B, label: 'two lines' },
      { caseId: C, label: 'spaced' },
    ]);
    // Line numbers count the line break inside the quoted label.
    expect(result.problems).toEqual([
      {
        line: 6,
        text: 'bad id',
        reason: expect.stringMatching(/not a case id/),
      },
    ]);
  });

  it('uses the separator of the header row: semicolon or tab', () => {
    expect(parseWatchInput(`case id;label\n${A};Müller, GmbH`).entries).toEqual(
      [{ caseId: A, label: 'Müller, GmbH' }],
    );
    expect(parseWatchInput(`id\tlabel\n${B}\tTab, separated`).entries).toEqual([
      { caseId: B, label: 'Tab, separated' },
    ]);
  });

  it('skips blank and comment lines before the header and between rows', () => {
    const text = `# export\n\ncaseId,label\n${A},One\n\n# note\n${B},Two`;
    expect(ids(text)).toEqual([A, B]);
  });

  it('keeps the first row of a case, filling a missing label from a later one', () => {
    const text = `caseId,label,clientReferenceId\n${A},,r1\n${A},Later,r2\n${A},Last,`;
    expect(parseWatchInput(text).entries).toEqual([
      { caseId: A, label: 'Later', clientReferenceId: 'r1' },
    ]);
  });

  it('reports rows without an id and labels that are too long', () => {
    const text = [
      'caseId,label',
      ',orphan label',
      `${A},${'l'.repeat(201)}`,
      `${B},${'l'.repeat(200)}`,
    ].join('\n');
    const result = parseWatchInput(text);
    expect(result.entries.map((e) => e.caseId)).toEqual([B]);
    expect(result.problems).toEqual([
      { line: 2, text: ',orphan label', reason: 'no case id in this row' },
      {
        line: 3,
        text: expect.any(String),
        reason: 'label must be at most 200 characters',
      },
    ]);
  });

  it('stops at a quote that never closes and says so', () => {
    const text = `caseId,label\n${A},ok\n${B},"open\n${C},lost`;
    const result = parseWatchInput(text);
    expect(result.entries.map((e) => e.caseId)).toEqual([A]);
    expect(result.problems).toEqual([
      {
        line: 3,
        text: `${B},"open\n${C},lost`,
        reason: expect.stringMatching(/never closes/),
      },
    ]);
  });
});

describe('parseWatchInput limits and bad input', () => {
  it('lists at most 1000 problems and counts the rest', () => {
    const text = Array.from({ length: 1_500 }, () => 'bad/id').join('\n');
    const { problems } = parseWatchInput(text);
    expect(problems).toHaveLength(MAX_LISTED_PROBLEMS + 1);
    expect(problems.at(-1)).toEqual({
      line: 1_500,
      text: '',
      reason: '500 more problems not listed',
    });
  });

  it('refuses binary content as a whole instead of listing garbage', () => {
    const result = parseWatchInput(`PK\u0003\u0004\u0000\u0000${A}`);
    expect(result.entries).toEqual([]);
    expect(result.problems).toEqual([
      { line: 1, text: '', reason: expect.stringMatching(/binary/) },
    ]);
  });

  it.each([[''], ['\n\n  \n'], ['# only a comment'], ['\uFEFF']])(
    'finds nothing and no problem in %j',
    (text) => {
      expect(parseWatchInput(text)).toEqual({ entries: [], problems: [] });
    },
  );

  it.each([[null], [undefined], [42], [['a']]])(
    'throws a TypeError for %j',
    (value) => {
      expect(() => parseWatchInput(value as unknown as string)).toThrow(
        TypeError,
      );
    },
  );
});

describe('readWatchFile', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir('offload-watch-');
  });
  afterEach(() => {
    temp.remove();
  });

  function file(name: string, content: string | Buffer): string {
    const path = join(temp.dir, name);
    writeFileSync(path, content);
    return path;
  }

  it('reads a UTF-8 CSV with a byte order mark and CRLF', async () => {
    const path = file('list.csv', `\uFEFFcaseId,label\r\n${A},Jürgen\r\n`);
    expect(await readWatchFile(path)).toEqual({
      entries: [{ caseId: A, label: 'Jürgen' }],
      problems: [],
    });
  });

  it('reads UTF-16 text as spreadsheets export it', async () => {
    const text = `\uFEFFid\tlabel\r\n${A}\tMüller\r\n`;
    const path = file('unicode.txt', Buffer.from(text, 'utf16le'));
    expect((await readWatchFile(path)).entries).toEqual([
      { caseId: A, label: 'Müller' },
    ]);
  });

  it('reads a Windows-1252 file when it is not UTF-8', async () => {
    const bytes = Buffer.concat([
      Buffer.from(`caseId;label\n${A};M`),
      Buffer.from([0xfc]),
      Buffer.from('ller\n'),
    ]);
    expect((await readWatchFile(file('legacy.csv', bytes))).entries).toEqual([
      { caseId: A, label: 'Müller' },
    ]);
  });

  it('refuses a file over 10 MB before reading it', async () => {
    const path = file('huge.txt', '');
    truncateSync(path, MAX_WATCH_FILE_BYTES + 1);
    await expect(readWatchFile(path)).rejects.toThrow(
      /huge\.txt is 10\.0 MB; a watch list can be at most 10 MB/,
    );
  });

  it('accepts a file of exactly 10 MB', async () => {
    const head = `${A}\n`;
    const text = head + '\n'.repeat(MAX_WATCH_FILE_BYTES - head.length);
    expect((await readWatchFile(file('big.txt', text))).entries).toEqual([
      { caseId: A },
    ]);
  });

  it.each([
    [
      'a missing file',
      'missing.csv',
      /Could not read missing\.csv: it does not exist/,
    ],
    ['a folder', 'folder', /folder is not a file/],
  ])('explains %s', async (_name, name, message) => {
    if (name === 'folder') mkdirSync(join(temp.dir, name));
    const reading = readWatchFile(join(temp.dir, name));
    await expect(reading).rejects.toThrow(WatchFileError);
    await expect(readWatchFile(join(temp.dir, name))).rejects.toThrow(message);
  });

  it('reports a spreadsheet file as binary', async () => {
    const xlsx = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 8, 0, 0x21, 0]);
    const result = await readWatchFile(file('cases.xlsx', xlsx));
    expect(result.problems[0]?.reason).toMatch(/binary/);
  });
});
