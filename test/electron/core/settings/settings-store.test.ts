import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import Conf from 'conf';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, Settings } from '../../../../shared/settings.ts';
import type { SettingsPatch } from '../../../../shared/settings.ts';
import { Logger, Redactor } from '../../../../electron/core/logger.ts';
import { openSettings } from '../../../../electron/core/settings/settings-store.ts';
import type { OpenSettingsOptions } from '../../../../electron/core/settings/settings-store.ts';
import { SettingsValidationError } from '../../../../electron/core/settings/settings-validation-error.ts';

// The settings store on real files in a temp dir: first run, round trips,
// damaged files kept aside, refused changes that write nothing, and the
// atomic write that survives a writer killed mid-write.

const dirs: string[] = [];
const logLines: string[] = [];
const logger = new Logger({
  level: 'debug',
  sink: (line) => logLines.push(line),
  redactor: new Redactor('/nonexistent-home'),
});
const FIXED_NOW = new Date('2025-06-01T08:30:00.000Z');

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'offload-settings-'));
  dirs.push(dir);
  return dir;
}

function open(cwd: string, options: Partial<OpenSettingsOptions> = {}) {
  return openSettings({ cwd, logger, now: () => FIXED_NOW, ...options });
}

function fileIn(dir: string): string {
  return join(dir, 'settings.json');
}

const profile = {
  id: 'main',
  name: 'Main account',
  baseUrl: 'https://api.offload.example',
};

afterEach(() => {
  logLines.length = 0;
  for (const dir of dirs.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('openSettings on a first run', () => {
  it('starts from the defaults and writes them to settings.json', () => {
    const dir = tempDir();
    const { settings, recovered } = open(dir);
    expect(recovered).toBeNull();
    expect(settings.get()).toEqual(DEFAULT_SETTINGS);
    expect(settings.path).toBe(fileIn(dir));
    expect(JSON.parse(readFileSync(fileIn(dir), 'utf8'))).toEqual(
      DEFAULT_SETTINGS,
    );
  });

  it('creates the data folder when it does not exist yet', () => {
    const dir = join(tempDir(), 'Offload Console', 'nested');
    const { settings } = open(dir);
    expect(existsSync(settings.path)).toBe(true);
  });

  it('uses the file name it is given', () => {
    const dir = tempDir();
    const { settings } = open(dir, { configName: 'other' });
    expect(settings.path).toBe(join(dir, 'other.json'));
    expect(readdirSync(dir)).toEqual(['other.json']);
  });
});

describe('SettingsStore round trips', () => {
  it('keeps a change across a restart', () => {
    const dir = tempDir();
    const first = open(dir).settings;
    const changed = first.update({
      profiles: [profile],
      activeProfileId: 'main',
      pollIntervalSeconds: 30,
      downloadFolder: '/srv/cases',
      notifications: { completed: false },
      theme: 'dark',
    });
    const expected: Settings = {
      ...DEFAULT_SETTINGS,
      profiles: [profile],
      activeProfileId: 'main',
      pollIntervalSeconds: 30,
      downloadFolder: '/srv/cases',
      notifications: { inputNeeded: true, completed: false, failed: true },
      theme: 'dark',
    };
    expect(changed).toEqual(expected);
    const reopened = open(dir);
    expect(reopened.recovered).toBeNull();
    expect(reopened.settings.get()).toEqual(expected);
  });

  it('fills in fields a file written by an older version lacks', () => {
    const dir = tempDir();
    writeFileSync(fileIn(dir), JSON.stringify({ theme: 'light' }));
    const { settings, recovered } = open(dir);
    expect(recovered).toBeNull();
    expect(settings.get()).toEqual({ ...DEFAULT_SETTINGS, theme: 'light' });
  });

  it('reads a file saved with a byte order mark', () => {
    const dir = tempDir();
    writeFileSync(fileIn(dir), `\uFEFF${JSON.stringify({ concurrency: 2 })}`);
    const { settings, recovered } = open(dir);
    expect(recovered).toBeNull();
    expect(settings.get().concurrency).toBe(2);
  });

  it('hands out copies, so a caller cannot change the settings by mutation', () => {
    const { settings } = open(tempDir());
    const copy = settings.get();
    copy.concurrency = 9;
    copy.notifications.failed = false;
    expect(settings.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('tells listeners about a change with the new and previous settings', () => {
    const { settings } = open(tempDir());
    const seen: Array<[number, number]> = [];
    const stop = settings.onChange((next, previous) =>
      seen.push([next.concurrency, previous.concurrency]),
    );
    settings.update({ concurrency: 2 });
    settings.update({ concurrency: 3 });
    stop();
    settings.update({ concurrency: 5 });
    expect(seen).toEqual([
      [2, 4],
      [3, 2],
    ]);
  });

  it('neither writes nor notifies for a change that changes nothing', () => {
    const dir = tempDir();
    const { settings } = open(dir);
    const before = statSync(fileIn(dir));
    let calls = 0;
    settings.onChange(() => (calls += 1));
    settings.update({ theme: 'system', notifications: { failed: true } });
    expect(calls).toBe(0);
    expect(statSync(fileIn(dir)).ino).toBe(before.ino);
  });

  it('keeps notifying the other listeners when one of them throws', () => {
    const { settings } = open(tempDir());
    let reached = false;
    settings.onChange(() => {
      throw new Error('listener broke');
    });
    settings.onChange(() => (reached = true));
    settings.update({ theme: 'dark' });
    expect(reached).toBe(true);
    expect(logLines.some((line) => line.includes('listener failed'))).toBe(
      true,
    );
  });

  it('writes by renaming a new file over the old one (an atomic write)', () => {
    const dir = tempDir();
    const { settings } = open(dir);
    const before = statSync(fileIn(dir)).ino;
    settings.update({ theme: 'dark' });
    // A write in place keeps the inode; a rename puts a new file there.
    expect(statSync(fileIn(dir)).ino).not.toBe(before);
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });
});

describe('openSettings with another store behind it', () => {
  it('keeps the settings in the store it is given, with our options', () => {
    // The app passes electron-store, a subclass of Conf; any subclass will
    // do to show the settings go through it with the schema and file name.
    const made: Conf<Settings>[] = [];
    class RecordingConf extends Conf<Settings> {}
    const cwd = tempDir();
    const { settings } = open(cwd, {
      createStore: (options) => {
        expect(options).toMatchObject({
          cwd,
          configName: 'settings',
          clearInvalidConfig: false,
        });
        expect(options.schema).toBeDefined();
        const store = new RecordingConf(options);
        made.push(store);
        return store;
      },
    });
    settings.update({ pollIntervalSeconds: 90 });
    expect(made).toHaveLength(1);
    expect(made[0]?.get('pollIntervalSeconds')).toBe(90);
    expect(JSON.parse(readFileSync(fileIn(cwd), 'utf8'))).toMatchObject({
      pollIntervalSeconds: 90,
    });
  });
});

describe('openSettings with a damaged file', () => {
  const valid = JSON.stringify(
    { ...DEFAULT_SETTINGS, profiles: [profile], activeProfileId: 'main' },
    null,
    '\t',
  );
  it.each<[string, string, string]>([
    ['garbage bytes', '\u0000\u0001garbage\u00ff', 'not valid JSON'],
    ['truncated JSON', valid.slice(0, valid.length / 2), 'not valid JSON'],
    ['an empty file', '', 'the file is empty'],
    ['only whitespace', ' \n\t', 'the file is empty'],
    ['a JSON array', '[1,2]', 'does not hold a JSON object'],
    ['JSON null', 'null', 'does not hold a JSON object'],
    [
      'a number where a number of seconds belongs, as text',
      JSON.stringify({ pollIntervalSeconds: 'sixty' }),
      'pollIntervalSeconds: must be a whole number',
    ],
    [
      'a theme of the wrong type',
      JSON.stringify({ theme: 42 }),
      'theme: Invalid option',
    ],
    [
      'a profile with a broken base URL',
      JSON.stringify({ profiles: [{ ...profile, baseUrl: 'nope' }] }),
      'profiles.0.baseUrl: must be an http:// or https:// URL',
    ],
    [
      'an active profile that is not among the profiles',
      JSON.stringify({ profiles: [profile], activeProfileId: 'gone' }),
      'activeProfileId: must be the id of one of the profiles',
    ],
  ])(
    'keeps %s aside, byte for byte, and starts from defaults',
    (_name, content, reason) => {
      const dir = tempDir();
      writeFileSync(fileIn(dir), content);
      const { settings, recovered } = open(dir);

      const aside = `${fileIn(dir)}.corrupt-2025-06-01T08-30-00.000Z`;
      expect(recovered).toEqual({
        movedTo: aside,
        reason: expect.stringContaining(reason),
      });
      expect(readFileSync(aside, 'utf8')).toBe(content);
      expect(settings.get()).toEqual(DEFAULT_SETTINGS);
      expect(JSON.parse(readFileSync(fileIn(dir), 'utf8'))).toEqual(
        DEFAULT_SETTINGS,
      );
      expect(readdirSync(dir).toSorted()).toEqual([
        'settings.json',
        'settings.json.corrupt-2025-06-01T08-30-00.000Z',
      ]);
      const warnings = logLines.filter((line) => line.includes(' WARN '));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('[console:settings]');
      expect(warnings[0]).toContain('kept it aside');
    },
  );

  it('never overwrites a file kept aside earlier at the same instant', () => {
    const dir = tempDir();
    writeFileSync(fileIn(dir), '{"first":');
    open(dir);
    writeFileSync(fileIn(dir), '{"second":');
    const { recovered } = open(dir);
    const first = `${fileIn(dir)}.corrupt-2025-06-01T08-30-00.000Z`;
    expect(recovered?.movedTo).toBe(`${first}-2`);
    expect(readFileSync(first, 'utf8')).toBe('{"first":');
    expect(readFileSync(`${first}-2`, 'utf8')).toBe('{"second":');
  });

  it('does not mistake an unreadable path for damage, and moves nothing', () => {
    const dir = tempDir();
    mkdirSync(fileIn(dir));
    expect(() => open(dir)).toThrow(/EISDIR/);
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('does not quote the damaged file in the reason or the log', () => {
    const dir = tempDir();
    writeFileSync(fileIn(dir), '{"apiKey": "sim_live_should_not_leak",');
    const { recovered } = open(dir);
    expect(recovered?.reason).not.toContain('sim_live');
    expect(logLines.join('\n')).not.toContain('sim_live');
  });
});

describe('SettingsStore.update with an invalid change', () => {
  it.each<[string, unknown, string]>([
    ['an unknown field', { pollInterval: 30 }, 'pollInterval'],
    [
      'an unknown notification',
      { notifications: { sound: true } },
      'notifications.sound',
    ],
    [
      'a poll interval of 5 s',
      { pollIntervalSeconds: 5 },
      'pollIntervalSeconds',
    ],
    [
      'a poll interval of two hours',
      { pollIntervalSeconds: 7200 },
      'pollIntervalSeconds',
    ],
    ['no concurrency', { concurrency: 0 }, 'concurrency'],
    [
      'a request budget of 100/s',
      { requestBudgetPerSecond: 100 },
      'requestBudgetPerSecond',
    ],
    ['a relative download folder', { downloadFolder: 'out' }, 'downloadFolder'],
    ['a theme that is not one', { theme: 'sepia' }, 'theme'],
    [
      'a switch as a string',
      { autoDownloadOnCompletion: 'yes' },
      'autoDownloadOnCompletion',
    ],
    [
      'a profile with a bad base URL',
      { profiles: [{ ...profile, baseUrl: 'ftp://x.example' }] },
      'profiles.0.baseUrl',
    ],
    [
      'two profiles with one id',
      { profiles: [profile, profile] },
      'profiles.1.id',
    ],
    [
      'an active profile that does not exist',
      { activeProfileId: 'ghost' },
      'activeProfileId',
    ],
    ['profiles as an object', { profiles: { main: profile } }, 'profiles'],
    ['not an object', 'theme=dark', ''],
    ['null', null, ''],
  ])(
    'refuses %s, naming the field and writing nothing',
    (_name, patch, field) => {
      const dir = tempDir();
      const { settings } = open(dir);
      settings.update({ concurrency: 3 });
      const bytes = readFileSync(fileIn(dir));
      const inode = statSync(fileIn(dir)).ino;
      let notified = false;
      settings.onChange(() => (notified = true));

      let error: unknown;
      try {
        settings.update(patch as SettingsPatch);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(SettingsValidationError);
      expect((error as SettingsValidationError).field).toBe(field);
      expect((error as Error).message).toContain(field || 'settings change');
      expect(readFileSync(fileIn(dir))).toEqual(bytes);
      expect(statSync(fileIn(dir)).ino).toBe(inode);
      expect(settings.get()).toEqual({ ...DEFAULT_SETTINGS, concurrency: 3 });
      expect(notified).toBe(false);
    },
  );

  it('refuses removing the active profile while it stays active', () => {
    const { settings } = open(tempDir());
    settings.update({ profiles: [profile], activeProfileId: 'main' });
    expect(() => settings.update({ profiles: [] })).toThrow(
      SettingsValidationError,
    );
    expect(settings.update({ profiles: [], activeProfileId: null })).toEqual(
      DEFAULT_SETTINGS,
    );
  });
});

describe('a crash while writing', () => {
  it('leaves the file whole when a half-written temp file lies beside it', () => {
    const dir = tempDir();
    const { settings } = open(dir);
    const saved = settings.update({
      profiles: [profile],
      activeProfileId: 'main',
    });
    // What `atomically` leaves when the process dies before its rename.
    const partial = readFileSync(fileIn(dir), 'utf8').slice(0, 40);
    writeFileSync(`${fileIn(dir)}.tmp-1748766600a1b2c3`, partial);

    const reopened = open(dir);
    expect(reopened.recovered).toBeNull();
    expect(reopened.settings.get()).toEqual(saved);
  });

  it('leaves a whole, valid file when the writer is killed mid-write', async () => {
    for (let round = 0; round < 3; round += 1) {
      const dir = tempDir();
      const child = spawn(
        process.execPath,
        [join(import.meta.dirname, 'settings-writer-child.ts'), dir],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.once('exit', (_code, signal) => resolve(signal)),
      );
      // Kill as soon as the writer says it is in its write loop.
      await new Promise<void>((resolve) =>
        child.stdout.once('data', () => resolve()),
      );
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      const text = readFileSync(fileIn(dir), 'utf8');
      expect(Settings.safeParse(JSON.parse(text)).success).toBe(true);
      const reopened = open(dir);
      expect(reopened.recovered).toBeNull();
      expect(reopened.settings.get().profiles).toHaveLength(1);
    }
  });
});
