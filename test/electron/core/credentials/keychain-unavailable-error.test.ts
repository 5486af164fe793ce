import { describe, expect, it } from 'vitest';
import {
  KeychainUnavailableError,
  keychainProblemOf,
} from '../../../../electron/core/credentials/keychain-unavailable-error.ts';

// Which keychain failures mean "no usable keychain". The messages are the
// ones libsecret and GLib gave on Debian 12 for each broken setup.

describe('keychainProblemOf', () => {
  it.each([
    ['Cannot autolaunch D-Bus without X11 $DISPLAY', 'no-secret-service'],
    ['Could not connect: No such file or directory', 'no-secret-service'],
    [
      'Address element “garbage” does not contain a colon (:)',
      'no-secret-service',
    ],
    [
      'The name org.freedesktop.secrets was not provided by any .service files',
      'no-secret-service',
    ],
    [
      'GDBus.Error:org.freedesktop.DBus.Error.ServiceUnknown: no owner',
      'no-secret-service',
    ],
    [
      'Error spawning command line “dbus-launch --autolaunch=x”',
      'no-secret-service',
    ],
    ['No such secret collection at path: /', 'no-secret-service'],
    ['Cannot create an item in a locked collection', 'locked'],
    ['Cannot get secret of a locked object', 'locked'],
    [
      'Failed to load keytar native addon, checked ["../build/Release"]',
      'not-loaded',
    ],
  ])('reads %j as %s', (message, problem) => {
    expect(keychainProblemOf(new Error(message))).toBe(problem);
  });

  it.each([
    ['Password is required.'],
    ['Account is required.'],
    ['Service is required.'],
    ['out of memory'],
  ])('leaves %j as an ordinary error', (message) => {
    expect(keychainProblemOf(new Error(message))).toBeNull();
  });

  it('reads a thrown string as well as an Error', () => {
    expect(keychainProblemOf('Could not connect: refused')).toBe(
      'no-secret-service',
    );
  });
});

describe('KeychainUnavailableError', () => {
  it.each(['no-secret-service', 'locked', 'not-loaded'] as const)(
    'says in words what went wrong and what to do (%s)',
    (problem) => {
      const error = new KeychainUnavailableError(problem, 'library words');
      expect(error.name).toBe('KeychainUnavailableError');
      expect(error.problem).toBe(problem);
      expect(error.detail).toBe('library words');
      expect(error.message).toMatch(/securely/);
      expect(error.message).toMatch(/keep the key for this run only\.$/);
      expect(error.message).not.toContain('library words');
    },
  );
});
