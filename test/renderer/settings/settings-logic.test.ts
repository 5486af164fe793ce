import { describe, expect, test } from 'vitest';
import type { SetKeyResult } from '../../../shared/key-status.ts';
import { DEFAULT_SETTINGS } from '../../../shared/settings.ts';
import type { Settings, SettingsPatch } from '../../../shared/settings.ts';
import { setKeyResultWords } from '../../../renderer/settings/key-words.ts';
import { profileIdFor } from '../../../renderer/settings/profile-id.ts';
import {
  patchProblems,
  problemsFromRefusal,
} from '../../../renderer/settings/settings-problems.ts';

const settings: Settings = {
  ...structuredClone(DEFAULT_SETTINGS),
  profiles: [{ id: 'work', name: 'Work', baseUrl: 'https://api.example' }],
  activeProfileId: 'work',
};

describe('patchProblems', () => {
  test('a valid patch has no problems', () => {
    expect(patchProblems(settings, { pollIntervalSeconds: 30 })).toEqual({});
  });

  test.each<[string, SettingsPatch, string, RegExp]>([
    [
      'a poll interval below ten seconds',
      { pollIntervalSeconds: 5 },
      'pollIntervalSeconds',
      /at least 10/,
    ],
    [
      'a fractional poll interval',
      { pollIntervalSeconds: 12.5 },
      'pollIntervalSeconds',
      /whole number/,
    ],
    [
      'an empty poll interval',
      { pollIntervalSeconds: Number.NaN },
      'pollIntervalSeconds',
      /./,
    ],
    [
      'a base URL that is not a URL',
      {
        profiles: [{ id: 'work', name: 'Work', baseUrl: 'not a url' }],
      },
      'profiles.0.baseUrl',
      /http/,
    ],
    [
      'a base URL with a login',
      {
        profiles: [
          { id: 'work', name: 'Work', baseUrl: 'https://me:pw@api.example' },
        ],
      },
      'profiles.0.baseUrl',
      /login/,
    ],
    [
      'an active profile that does not exist',
      { activeProfileId: 'nobody' },
      'activeProfileId',
      /one of the profiles/,
    ],
    [
      'a relative download folder',
      { downloadFolder: 'downloads' },
      'downloadFolder',
      /absolute/,
    ],
  ])('%s is refused on its field', (_name, patch, field, message) => {
    const problems = patchProblems(settings, patch);
    expect(Object.keys(problems)).toContain(field);
    expect(problems[field]).toMatch(message);
  });
});

describe('problemsFromRefusal', () => {
  test.each([
    [
      'profiles.0.baseUrl',
      'The setting profiles.0.baseUrl is invalid: must be an http:// or https:// URL.',
      { 'profiles.0.baseUrl': 'must be an http:// or https:// URL' },
    ],
    [
      'pollIntervalSeconds',
      'The setting pollIntervalSeconds is invalid: must be at least 10.',
      { pollIntervalSeconds: 'must be at least 10' },
    ],
    [
      undefined,
      'The settings change is invalid: expected an object.',
      { '': 'The settings change is invalid: expected an object.' },
    ],
    ['theme', 'Worded differently', { theme: 'Worded differently' }],
  ])('field %s, message %s', (field, message, problems) => {
    expect(problemsFromRefusal(field, message)).toEqual(problems);
  });
});

describe('profileIdFor', () => {
  test.each([
    ['Work', [], 'work'],
    ['Work EU', [], 'work-eu'],
    ['Work', ['work'], 'work-2'],
    ['Work', ['work', 'work-2'], 'work-3'],
    ['  ', [], 'profile'],
    ['Ünïcödé', [], 'unicode'],
    ['<script>', [], 'script'],
    ['日本', [], 'profile'],
    ['x'.repeat(200), [], 'x'.repeat(56)],
  ])('%j with %j taken is %j', (name, taken, id) => {
    expect(profileIdFor(name, taken)).toBe(id);
    expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/);
  });
});

describe('setKeyResultWords', () => {
  test.each<[SetKeyResult, string, RegExp, string | null]>([
    [
      { outcome: 'saved', verifiedAt: 1, storage: 'keychain' },
      'success',
      /accepted the key; it is saved in the system keychain/,
      null,
    ],
    [
      { outcome: 'saved', verifiedAt: null, storage: 'session' },
      'warning',
      /kept for this session only, not verified/,
      null,
    ],
    [
      { outcome: 'rejected', reason: 'unknown-key', message: 'm' },
      'danger',
      /does not recognise/,
      null,
    ],
    [
      { outcome: 'rejected', reason: 'inactive-key', message: 'm' },
      'danger',
      /not active/,
      null,
    ],
    [
      { outcome: 'unverified', message: 'm' },
      'warning',
      /could not be reached/,
      'accept-unverified',
    ],
    [
      { outcome: 'keychain-unavailable', message: 'm' },
      'warning',
      /keychain is not available/,
      'session-only',
    ],
  ])('%j reads as %s', (result, tone, headline, offer) => {
    const words = setKeyResultWords(result);
    expect(words.tone).toBe(tone);
    expect(words.headline).toMatch(headline);
    expect(words.offer).toBe(offer);
  });
});
