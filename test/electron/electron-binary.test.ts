import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MISSING_ELECTRON_MESSAGE,
  findElectronBinary,
  platformExecutable,
} from '../../electron/electron-binary.ts';

const made: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'electron-binary-'));
  made.push(dir);
  return dir;
}

/** A stand-in for node_modules/electron with what an install leaves. */
function fakePackage(options: { pathTxt?: string; binary?: string }): string {
  const dir = tempDir();
  if (options.pathTxt !== undefined) {
    writeFileSync(join(dir, 'path.txt'), options.pathTxt);
  }
  if (options.binary !== undefined) {
    mkdirSync(join(dir, 'dist'), { recursive: true });
    writeFileSync(join(dir, 'dist', options.binary), '');
  }
  return dir;
}

afterEach(() => {
  for (const dir of made.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('findElectronBinary', () => {
  it('finds the executable path.txt names inside dist/', () => {
    const packageDir = fakePackage({ pathTxt: 'electron', binary: 'electron' });
    expect(findElectronBinary({ packageDir, env: {} })).toEqual({
      found: true,
      path: join(packageDir, 'dist', 'electron'),
    });
  });

  it.each([
    ['no electron package at all', null],
    ['a package whose download never ran', {}],
    ['a path.txt naming a missing file', { pathTxt: 'electron' }],
    ['a binary but no path.txt', { binary: 'electron' }],
  ])('reports %s as missing, with advice', (_label, shape) => {
    const packageDir = shape === null ? null : fakePackage(shape);
    const result = findElectronBinary({ packageDir, env: {} });
    expect(result).toEqual({ found: false, message: MISSING_ELECTRON_MESSAGE });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH as the electron package does', () => {
    const packageDir = fakePackage({});
    const dist = tempDir();
    writeFileSync(join(dist, platformExecutable(process.platform)), '');
    const result = findElectronBinary({
      packageDir,
      env: { ELECTRON_OVERRIDE_DIST_PATH: dist },
    });
    expect(result).toEqual({
      found: true,
      path: join(dist, platformExecutable(process.platform)),
    });
    const empty = tempDir();
    expect(
      findElectronBinary({
        packageDir,
        env: { ELECTRON_OVERRIDE_DIST_PATH: empty },
      }).found,
    ).toBe(false);
  });

  it('names each platform executable', () => {
    expect(platformExecutable('linux')).toBe('electron');
    expect(platformExecutable('win32')).toBe('electron.exe');
    expect(platformExecutable('darwin')).toBe(
      'Electron.app/Contents/MacOS/Electron',
    );
  });

  it('advises in one sentence on one line', () => {
    expect(MISSING_ELECTRON_MESSAGE).not.toContain('\n');
    expect(MISSING_ELECTRON_MESSAGE.match(/[.!?](\s|$)/g)).toHaveLength(1);
    expect(MISSING_ELECTRON_MESSAGE).toContain('npx install-electron');
  });
});
