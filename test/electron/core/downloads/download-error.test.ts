import { describe, expect, it } from 'vitest';
import {
  DownloadError,
  kindForFileStatus,
  toDownloadError,
  type DownloadErrorKind,
} from '../../../../electron/core/downloads/download-error.ts';

function errno(code: string, syscall = 'open'): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failed`), { code, syscall });
}

describe('toDownloadError', () => {
  it.each<[string, unknown, DownloadErrorKind, boolean]>([
    ['a full disk', errno('ENOSPC', 'write'), 'disk-full', false],
    ['a full quota', errno('EDQUOT', 'write'), 'disk-full', false],
    ['a folder without write access', errno('EACCES'), 'no-permission', false],
    ['a forbidden operation', errno('EPERM'), 'no-permission', false],
    ['a read-only file system', errno('EROFS'), 'no-permission', false],
    ['a path through a file', errno('ENOTDIR'), 'file-system', false],
    ['a missing folder', errno('ENOENT'), 'file-system', false],
    ['a reset socket', errno('ECONNRESET', 'read'), 'network', true],
    ['a refused connection', errno('ECONNREFUSED', 'connect'), 'network', true],
    [
      'an undici socket error',
      errno('UND_ERR_SOCKET', 'read'),
      'network',
      true,
    ],
    ['fetch failing', new TypeError('fetch failed'), 'network', true],
    ['a body cut short', new TypeError('terminated'), 'network', true],
    [
      'an abort',
      Object.assign(new Error('aborted'), { name: 'AbortError' }),
      'cancelled',
      false,
    ],
    ['a thrown string', 'boom', 'network', true],
  ])('maps %s to its kind', (_label, cause, kind, resumable) => {
    const error = toDownloadError(cause);
    expect(error.kind).toBe(kind);
    expect(error.resumable).toBe(resumable);
    expect(error.cause).toBe(cause);
  });

  it('calls anything cancelled once the signal has aborted', () => {
    const error = toDownloadError(
      new TypeError('terminated'),
      AbortSignal.abort(),
    );
    expect(error.kind).toBe('cancelled');
  });

  it('passes a DownloadError through unchanged', () => {
    const original = new DownloadError('size-mismatch');
    expect(toDownloadError(original)).toBe(original);
  });
});

describe('DownloadError', () => {
  it.each<[number, DownloadErrorKind, boolean]>([
    [403, 'expired', true],
    [410, 'expired', true],
    [404, 'http', false],
    [416, 'http', false],
    [429, 'http', true],
    [500, 'http', true],
    [503, 'http', true],
  ])('treats status %i as %s (resumable: %s)', (status, kind, resumable) => {
    expect(kindForFileStatus(status)).toBe(kind);
    const error = new DownloadError(kindForFileStatus(status), { status });
    expect(error.resumable).toBe(resumable);
    expect(error.status).toBe(status);
    expect(error.message).not.toBe('');
  });
});
