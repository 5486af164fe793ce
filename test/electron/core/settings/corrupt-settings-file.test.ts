import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  setAsideIfCorrupt,
  settingsFileProblem,
} from '../../../../electron/core/settings/corrupt-settings-file.ts';

// The check run on the settings file before conf opens it, on real files.

let dir: string;
const now = new Date('2025-01-02T03:04:05.678Z');

function withFile(content: string): string {
  dir = mkdtempSync(join(tmpdir(), 'offload-corrupt-'));
  const file = join(dir, 'settings.json');
  writeFileSync(file, content);
  return file;
}

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('settingsFileProblem', () => {
  it('finds nothing wrong with a missing file', () => {
    dir = mkdtempSync(join(tmpdir(), 'offload-corrupt-'));
    expect(settingsFileProblem(join(dir, 'settings.json'))).toBeNull();
  });

  it.each([
    ['{}'],
    ['{"theme":"dark","futureSetting":1}'],
    ['\uFEFF{"concurrency":8}'],
  ])('finds nothing wrong with %j', (content) => {
    expect(settingsFileProblem(withFile(content))).toBeNull();
  });

  it.each([
    ['', 'the file is empty'],
    ['{"theme":"da', 'the file is not valid JSON (damaged or cut short)'],
    ['<html>', 'the file is not valid JSON (damaged or cut short)'],
    ['"text"', 'the file does not hold a JSON object'],
    ['[]', 'the file does not hold a JSON object'],
    ['{"concurrency":0}', 'concurrency: must be at least 1'],
  ])('names the problem with %j', (content, problem) => {
    expect(settingsFileProblem(withFile(content))).toBe(problem);
  });
});

describe('setAsideIfCorrupt', () => {
  it('leaves a usable file where it is', () => {
    const file = withFile('{"theme":"light"}');
    expect(setAsideIfCorrupt(file, now)).toBeNull();
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('renames a damaged file with the time, in a name Windows accepts', () => {
    const file = withFile('{');
    const recovered = setAsideIfCorrupt(file, now);
    expect(recovered).toEqual({
      movedTo: `${file}.corrupt-2025-01-02T03-04-05.678Z`,
      reason: 'the file is not valid JSON (damaged or cut short)',
    });
    expect(readdirSync(dir)).toEqual([
      'settings.json.corrupt-2025-01-02T03-04-05.678Z',
    ]);
  });
});
