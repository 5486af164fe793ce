import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import {
  DEFAULT_SETTINGS,
  PROFILE_ID_PATTERN,
  Settings,
  SettingsPatch,
  mergeSettings,
  settingsFieldPath,
  settingsJsonSchema,
} from '../../shared/settings.ts';

// The settings schema on its own: defaults, every rule with a table of bad
// values, and the JSON Schema handed to conf and electron-store, compiled
// the way conf compiles it (ajv 2020 with formats and defaults).

const addFormats = addFormatsModule.default ?? addFormatsModule;

function confValidator() {
  const ajv = new Ajv2020({ allErrors: true, useDefaults: true });
  addFormats(ajv);
  return ajv.compile({ type: 'object', properties: settingsJsonSchema });
}

const profile = {
  id: 'main',
  name: 'Main account',
  baseUrl: 'https://api.offload.example',
};

/** The first issue of a failed parse as `field: message`. */
function firstIssue(input: unknown): string {
  const result = Settings.safeParse(input);
  if (result.success) return 'valid';
  const issue = result.error.issues[0]!;
  return `${settingsFieldPath(issue.path)}: ${issue.message}`;
}

describe('default settings', () => {
  it('are what a first run starts with', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      profiles: [],
      activeProfileId: null,
      pollIntervalSeconds: 60,
      concurrency: 4,
      requestBudgetPerSecond: 5,
      downloadFolder: null,
      downloadFolderPerCase: false,
      autoDownloadOnCompletion: false,
      notifications: { inputNeeded: true, completed: true, failed: true },
      theme: 'system',
    });
  });

  it('cannot be changed by accident, even deep inside', () => {
    expect(Object.isFrozen(DEFAULT_SETTINGS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_SETTINGS.notifications)).toBe(true);
    expect(() => {
      (DEFAULT_SETTINGS.notifications as { failed: boolean }).failed = false;
    }).toThrow(TypeError);
  });

  it('fill in every field an older file does not have', () => {
    const parsed = Settings.parse({
      theme: 'dark',
      notifications: { completed: false },
    });
    expect(parsed).toEqual({
      ...DEFAULT_SETTINGS,
      theme: 'dark',
      notifications: { inputNeeded: true, completed: false, failed: true },
    });
  });
});

describe('Settings', () => {
  it('accepts a full, consistent set of settings', () => {
    const settings = {
      ...DEFAULT_SETTINGS,
      profiles: [profile, { ...profile, id: 'staging_2', name: 'Staging' }],
      activeProfileId: 'staging_2',
      pollIntervalSeconds: 10,
      concurrency: 16,
      requestBudgetPerSecond: 0.5,
      downloadFolder: 'C:\\Users\\avery\\Downloads',
      theme: 'light',
    };
    expect(Settings.parse(settings)).toEqual(settings);
  });

  it.each([
    ['/home/avery/Downloads'],
    ['C:\\Users\\avery\\Downloads'],
    ['D:/cases'],
    ['\\\\fileserver\\share\\cases'],
  ])('accepts the absolute download folder %s', (folder) => {
    expect(firstIssue({ downloadFolder: folder })).toBe('valid');
  });

  it.each([
    ['http://127.0.0.1:4010'],
    ['https://api.offload.example/v1'],
    ['http://localhost:8080/'],
  ])('accepts the base URL %s', (baseUrl) => {
    expect(firstIssue({ profiles: [{ ...profile, baseUrl }] })).toBe('valid');
  });

  it.each<[string, unknown, string]>([
    [
      'a list of settings',
      [],
      ': Invalid input: expected object, received array',
    ],
    [
      'a poll interval under 10 s',
      { pollIntervalSeconds: 9 },
      'pollIntervalSeconds: must be at least 10',
    ],
    [
      'a poll interval over an hour',
      { pollIntervalSeconds: 3601 },
      'pollIntervalSeconds: must be at most 3600',
    ],
    [
      'a fractional poll interval',
      { pollIntervalSeconds: 60.5 },
      'pollIntervalSeconds: must be a whole number',
    ],
    [
      'a poll interval as text',
      { pollIntervalSeconds: '60' },
      'pollIntervalSeconds: must be a whole number',
    ],
    ['no concurrency', { concurrency: 0 }, 'concurrency: must be at least 1'],
    [
      'too much concurrency',
      { concurrency: 17 },
      'concurrency: must be at most 16',
    ],
    [
      'a request budget under 0.5/s',
      { requestBudgetPerSecond: 0.4 },
      'requestBudgetPerSecond: must be at least 0.5',
    ],
    [
      'a request budget over 50/s',
      { requestBudgetPerSecond: 51 },
      'requestBudgetPerSecond: must be at most 50',
    ],
    [
      'a request budget that is not a number',
      { requestBudgetPerSecond: Number.NaN },
      'requestBudgetPerSecond: must be a number',
    ],
    [
      'a relative download folder',
      { downloadFolder: 'Downloads' },
      'downloadFolder: must be an absolute path',
    ],
    [
      'an empty download folder',
      { downloadFolder: '' },
      'downloadFolder: must be an absolute path',
    ],
    [
      'a theme that does not exist',
      { theme: 'blue' },
      'theme: Invalid option: expected one of "light"|"dark"|"system"',
    ],
    [
      'a notification switch as text',
      { notifications: { failed: 'yes' } },
      'notifications.failed: Invalid input: expected boolean, received string',
    ],
    [
      'a profile without a name',
      { profiles: [{ ...profile, name: '  ' }] },
      'profiles.0.name: Too small: expected string to have >=1 characters',
    ],
    [
      'a profile id with a colon',
      { profiles: [{ ...profile, id: 'main:meta' }] },
      'profiles.0.id: must be 1-64 letters, digits, "-" or "_", starting with one',
    ],
    [
      'a profile id of 65 characters',
      { profiles: [{ ...profile, id: 'a'.repeat(65) }] },
      'profiles.0.id: must be 1-64 letters, digits, "-" or "_", starting with one',
    ],
    [
      'an ftp base URL',
      { profiles: [{ ...profile, baseUrl: 'ftp://api.offload.example' }] },
      'profiles.0.baseUrl: must be an http:// or https:// URL',
    ],
    [
      'a base URL that is not a URL',
      { profiles: [{ ...profile, baseUrl: 'api.offload.example' }] },
      'profiles.0.baseUrl: must be an http:// or https:// URL',
    ],
    [
      'a base URL with a query',
      { profiles: [{ ...profile, baseUrl: 'https://a.example/?k=1' }] },
      'profiles.0.baseUrl: must not carry a query, fragment or login',
    ],
    [
      'a base URL with a login',
      { profiles: [{ ...profile, baseUrl: 'https://me:pw@a.example' }] },
      'profiles.0.baseUrl: must not carry a query, fragment or login',
    ],
    [
      'two profiles with one id',
      { profiles: [profile, { ...profile, name: 'Copy' }] },
      'profiles.1.id: duplicates the id of another profile ("main")',
    ],
    [
      'an active profile that does not exist',
      { profiles: [profile], activeProfileId: 'other' },
      'activeProfileId: must be the id of one of the profiles, or null',
    ],
    [
      'an active profile when there are none',
      { activeProfileId: 'main' },
      'activeProfileId: must be the id of one of the profiles, or null',
    ],
  ])('refuses %s', (_name, input, expected) => {
    expect(firstIssue(input)).toBe(expected);
  });
});

describe('SettingsPatch', () => {
  it('accepts a change of a few fields, notifications by key', () => {
    const patch = { theme: 'dark', notifications: { completed: false } };
    expect(SettingsPatch.parse(patch)).toEqual(patch);
  });

  it.each<[string, unknown]>([
    ['an unknown field', { pollInterval: 30 }],
    ['an unknown notification', { notifications: { sound: true } }],
    ['a value out of range', { concurrency: 99 }],
    ['a value of the wrong type', { autoDownloadOnCompletion: 'true' }],
    ['no object at all', 'theme=dark'],
    ['null', null],
  ])('refuses %s', (_name, patch) => {
    expect(SettingsPatch.safeParse(patch).success).toBe(false);
  });
});

describe('mergeSettings', () => {
  it('changes only the named fields and merges notifications by key', () => {
    const merged = mergeSettings(DEFAULT_SETTINGS, {
      concurrency: 2,
      notifications: { failed: false },
    });
    expect(merged).toEqual({
      ...DEFAULT_SETTINGS,
      concurrency: 2,
      notifications: { inputNeeded: true, completed: true, failed: false },
    });
  });

  it('leaves the settings it started from untouched', () => {
    const base = Settings.parse({ profiles: [profile] });
    const before = structuredClone(base);
    const merged = mergeSettings(base, { profiles: [] });
    merged.notifications.failed = false;
    expect(base).toEqual(before);
  });
});

describe('PROFILE_ID_PATTERN', () => {
  it.each(['main', 'Staging-2', 'a', '0_x', 'a'.repeat(64)])(
    'takes %s as a profile id',
    (id) => expect(PROFILE_ID_PATTERN.test(id)).toBe(true),
  );
  it.each([
    '',
    '-main',
    'main:meta',
    'with space',
    'ü',
    '../up',
    'a'.repeat(65),
  ])('refuses %j as a profile id', (id) =>
    expect(PROFILE_ID_PATTERN.test(id)).toBe(false),
  );
});

describe('settingsJsonSchema', () => {
  it('names exactly the fields of the settings, one schema each', () => {
    expect(Object.keys(settingsJsonSchema).toSorted()).toEqual(
      Object.keys(DEFAULT_SETTINGS).toSorted(),
    );
  });

  it('carries the same defaults as the zod schema', () => {
    const defaults = Object.fromEntries(
      Object.entries(settingsJsonSchema).map(([key, schema]) => [
        key,
        schema.default,
      ]),
    );
    expect(defaults).toEqual(DEFAULT_SETTINGS);
  });

  it('fills an empty store with the defaults when compiled as conf does', () => {
    const validate = confValidator();
    const store: Record<string, unknown> = {};
    expect(validate(store)).toBe(true);
    expect(store).toEqual(DEFAULT_SETTINGS);
  });

  it.each<[string, Record<string, unknown>]>([
    ['a poll interval under 10 s', { pollIntervalSeconds: 5 }],
    ['a fractional concurrency', { concurrency: 1.5 }],
    ['a request budget over 50/s', { requestBudgetPerSecond: 60 }],
    ['a relative download folder', { downloadFolder: 'Downloads' }],
    ['an unknown theme', { theme: 'blue' }],
    [
      'a profile whose base URL is not a URL',
      {
        profiles: [{ ...profile, baseUrl: 'not a url' }],
      },
    ],
    [
      'a profile without an id',
      { profiles: [{ name: 'x', baseUrl: 'https://a.example' }] },
    ],
    ['a notification switch as text', { notifications: { failed: 'no' } }],
  ])('refuses %s, as the zod schema does', (_name, store) => {
    expect(confValidator()(store)).toBe(false);
    expect(Settings.safeParse(store).success).toBe(false);
  });
});
