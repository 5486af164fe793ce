import { describe, expect, it } from 'vitest';
import {
  OFFLOAD_ERROR_KINDS,
  OffloadError,
  type OffloadErrorKind,
} from '../../../../electron/core/offload-error.ts';
import {
  describeError,
  faultAction,
  isAbort,
  type FaultAction,
} from '../../../../electron/core/sync/fault-policy.ts';

// What the engine does about each kind of failed read.

const EXPECTED: Record<OffloadErrorKind, FaultAction> = {
  'invalid-request': 'retry-case',
  unauthorized: 'reject-key',
  forbidden: 'check-key',
  'case-not-found': 'flag-not-found',
  'attachment-not-found': 'retry-case',
  'case-not-waiting-for-input': 'retry-case',
  'input-request-not-pending': 'retry-case',
  'input-request-mismatch': 'retry-case',
  'usage-limit-reached': 'throttle',
  throttled: 'throttle',
  'server-error': 'retry-case',
  network: 'go-offline',
  timeout: 'go-offline',
  aborted: 'aborted',
  'bad-response': 'retry-case',
};

describe('faultAction', () => {
  it.each(OFFLOAD_ERROR_KINDS.map((kind) => [kind, EXPECTED[kind]] as const))(
    '%s → %s',
    (kind, action) => {
      const error = new OffloadError(kind, { operation: 'GET /cases/{id}' });
      expect(faultAction(error)).toBe(action);
    },
  );

  it.each<[string, unknown, FaultAction]>([
    ['an AbortSignal abort', new DOMException('stop', 'AbortError'), 'aborted'],
    [
      'an AbortSignal timeout',
      new DOMException('t', 'TimeoutError'),
      'aborted',
    ],
    ['a plain Error', new Error('store is closed'), 'retry-case'],
    ['a thrown string', 'oops', 'retry-case'],
    ['undefined', undefined, 'retry-case'],
  ])('treats %s as %s', (_name, error, action) => {
    expect(faultAction(error)).toBe(action);
  });
});

describe('isAbort', () => {
  it('recognises only abort exceptions', () => {
    expect(isAbort(AbortSignal.abort().reason)).toBe(true);
    expect(isAbort(new DOMException('x', 'NetworkError'))).toBe(false);
    expect(isAbort(new Error('AbortError'))).toBe(false);
  });
});

describe('describeError', () => {
  it('keeps the kind and message of an OffloadError', () => {
    const error = new OffloadError('server-error', { operation: 'GET /x' });
    expect(describeError(error)).toEqual({
      kind: 'server-error',
      message: error.message,
    });
  });

  it('labels anything else as internal', () => {
    expect(describeError(new Error('disk full'))).toEqual({
      kind: 'internal',
      message: 'Internal error: disk full',
    });
    expect(describeError(42)).toEqual({
      kind: 'internal',
      message: 'Internal error.',
    });
  });
});
