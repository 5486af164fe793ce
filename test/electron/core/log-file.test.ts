import { afterEach, describe, expect, it } from 'vitest';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOG_FILE_NAME, openLogFile } from '../../../electron/core/log-file.ts';
import { Logger, Redactor } from '../../../electron/core/logger.ts';

// The rotating log file, on a real temp folder.

const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'offload-log-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
});

function lines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean);
}

describe('the log file', () => {
  it('appends each line to offload-console.log, creating the folder', () => {
    const logDir = join(tempDir(), 'logs', 'deep');
    const file = openLogFile({ logDir });
    file.sink('first', 'info');
    file.sink('second', 'error');
    file.close();
    expect(file.path).toBe(join(logDir, LOG_FILE_NAME));
    expect(lines(file.path)).toEqual(['first', 'second']);
  });

  it('continues a file left by an earlier run', () => {
    const logDir = tempDir();
    writeFileSync(join(logDir, LOG_FILE_NAME), 'old line\n');
    const file = openLogFile({ logDir });
    file.sink('new line', 'info');
    file.close();
    expect(lines(file.path)).toEqual(['old line', 'new line']);
  });

  it('rotates at the size limit and keeps the number of files asked', () => {
    const logDir = tempDir();
    const file = openLogFile({ logDir, maxBytes: 100, maxFiles: 3 });
    // 20 lines of 25 bytes: four to a file, so five files' worth.
    for (let index = 0; index < 20; index += 1) {
      file.sink(
        `line ${String(index).padStart(2, '0')} ${'.'.repeat(15)}`,
        'info',
      );
    }
    file.close();

    expect(readdirSync(logDir).toSorted()).toEqual([
      LOG_FILE_NAME,
      `${LOG_FILE_NAME}.1`,
      `${LOG_FILE_NAME}.2`,
    ]);
    for (const name of readdirSync(logDir)) {
      expect(statSync(join(logDir, name)).size).toBeLessThanOrEqual(100);
    }
    // Newest in the current file, older ones in .1 then .2.
    expect(lines(file.path).map((line) => line.slice(0, 7))).toEqual([
      'line 16',
      'line 17',
      'line 18',
      'line 19',
    ]);
    expect(lines(`${file.path}.1`)[0]).toMatch(/^line 12/);
    expect(lines(`${file.path}.2`)[0]).toMatch(/^line 08/);
  });

  it('keeps a single file when asked for one', () => {
    const logDir = tempDir();
    const file = openLogFile({ logDir, maxBytes: 10, maxFiles: 1 });
    file.sink('aaaaaaaa', 'info');
    file.sink('bbbbbbbb', 'info');
    file.close();
    expect(readdirSync(logDir)).toEqual([LOG_FILE_NAME]);
    expect(lines(file.path)).toEqual(['bbbbbbbb']);
  });

  it('writes a line longer than the limit whole, into a fresh file', () => {
    const logDir = tempDir();
    const file = openLogFile({ logDir, maxBytes: 10, maxFiles: 2 });
    file.sink('short', 'info');
    file.sink('a line much longer than ten bytes', 'info');
    file.close();
    expect(lines(file.path)).toEqual(['a line much longer than ten bytes']);
    expect(lines(`${file.path}.1`)).toEqual(['short']);
  });

  it('gets lines only after redaction, through a Logger', () => {
    const logDir = tempDir();
    const file = openLogFile({ logDir });
    const redactor = new Redactor('/home/someone');
    const key = 'sim_live_0123456789abcdef0123456789abcdef';
    redactor.addSecret(key);
    const logger = new Logger({ sink: file.sink, redactor, level: 'debug' });
    logger.child('offload').warn(`request failed with key ${key}`, {
      headers: { 'x-api-key': 'another-secret-value' },
      path: '/home/someone/Downloads/file.pdf',
      address: 'counterparty@example.com',
    });
    file.close();

    const text = readFileSync(file.path, 'utf8');
    expect(text).toContain('WARN [console:offload] request failed');
    expect(text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /);
    expect(text).not.toContain(key);
    expect(text).not.toContain('another-secret-value');
    expect(text).not.toContain('/home/someone');
    expect(text).not.toContain('counterparty@example.com');
    expect(text).toContain('~/Downloads/file.pdf');
  });

  it('never throws when the file cannot be written, and recovers', () => {
    const root = tempDir();
    // The log folder's place is taken by a file: every open fails.
    const logDir = join(root, 'logs');
    writeFileSync(logDir, 'not a folder');
    const file = openLogFile({ logDir });
    expect(() => file.sink('lost', 'error')).not.toThrow();
    expect(() => file.sink('lost too', 'error')).not.toThrow();
    expect(file.droppedLines).toBe(2);

    rmSync(logDir);
    file.sink('kept', 'info');
    file.close();
    expect(lines(file.path)).toEqual(['kept']);
    expect(file.droppedLines).toBe(2);
  });

  it('never throws when rotation fails, and rotates once it can', () => {
    const logDir = tempDir();
    const file = openLogFile({ logDir, maxBytes: 10, maxFiles: 2 });
    file.sink('12345678', 'info');
    // A folder where the rotated file must go: removing it fails (for
    // root too), so rotation cannot happen.
    const blocker = `${file.path}.1`;
    mkdirSync(blocker);
    writeFileSync(join(blocker, 'inside'), 'x');
    expect(() => file.sink('rotate me', 'info')).not.toThrow();
    expect(file.droppedLines).toBe(1);

    rmSync(blocker, { recursive: true });
    file.sink('after', 'info');
    file.close();
    expect(lines(file.path)).toEqual(['after']);
    expect(lines(blocker)).toEqual(['12345678']);
  });

  it.each([
    [{ maxBytes: 0 }],
    [{ maxBytes: -1 }],
    [{ maxFiles: 0 }],
    [{ maxFiles: 1.5 }],
    [{ maxBytes: Number.NaN }],
  ])('refuses the options %j', (options) => {
    expect(() => openLogFile({ logDir: tempDir(), ...options })).toThrow(
      RangeError,
    );
  });
});
