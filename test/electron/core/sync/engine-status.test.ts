import { describe, expect, it } from 'vitest';
import {
  EngineStatus,
  sameError,
} from '../../../../electron/core/sync/engine-status.ts';

// The connection state follows from a few facts; the first true one wins.

type Facts = Pick<
  EngineStatus,
  'keyRejected' | 'noKey' | 'offline' | 'stopped'
>;

describe('EngineStatus', () => {
  it.each<[Partial<Facts>, string]>([
    [{}, 'stopped'],
    [{ stopped: false }, 'online'],
    [{ stopped: false, offline: true }, 'offline'],
    [{ offline: true, noKey: true }, 'no-key'],
    [{ offline: true, noKey: true, keyRejected: true }, 'key-rejected'],
    [{ stopped: false, keyRejected: true }, 'key-rejected'],
  ])('with %j the connection is %s', (facts, connection) => {
    const status = Object.assign(new EngineStatus(), facts);
    expect(status.connection()).toBe(connection);
  });

  it('announces a change once, and the sync time only when asked', () => {
    const status = new EngineStatus();
    expect(status.toAnnounce(false)).toEqual({
      connection: 'stopped',
      lastSyncAt: null,
    });
    expect(status.announcedStopped()).toBe(true);
    expect(status.toAnnounce(false)).toBeNull();

    status.stopped = false;
    status.lastSyncAt = 5;
    expect(status.toAnnounce(false)).toMatchObject({ connection: 'online' });
    status.lastSyncAt = 6;
    expect(status.toAnnounce(false)).toBeNull();
    expect(status.toAnnounce(true)).toMatchObject({ lastSyncAt: 6 });

    status.offline = true;
    status.lastError = { kind: 'network', message: 'unreachable' };
    expect(status.toAnnounce(false)).toEqual({
      connection: 'offline',
      lastSyncAt: 6,
      lastError: { kind: 'network', message: 'unreachable' },
    });
    status.lastError = { kind: 'network', message: 'still unreachable' };
    expect(status.toAnnounce(false)).toMatchObject({
      lastError: { message: 'still unreachable' },
    });
  });

  it('hands out copies of its error', () => {
    const status = new EngineStatus();
    status.lastError = { kind: 'no-key', message: 'none' };
    const state = status.state();
    if (state.lastError) state.lastError.message = 'changed';
    expect(status.lastError.message).toBe('none');
  });
});

describe('sameError', () => {
  it.each([
    [null, null, true],
    [undefined, null, true],
    [{ kind: 'a', message: 'm' }, { kind: 'a', message: 'm' }, true],
    [{ kind: 'a', message: 'm' }, { kind: 'b', message: 'm' }, false],
    [{ kind: 'a', message: 'm' }, { kind: 'a', message: 'n' }, false],
    [{ kind: 'a', message: 'm' }, null, false],
  ])('%j and %j: %s', (a, b, same) => {
    expect(sameError(a, b)).toBe(same);
  });
});
