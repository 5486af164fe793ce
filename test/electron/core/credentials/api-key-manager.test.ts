import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  inject,
  it,
} from 'vitest';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiKeyFormatError } from '../../../../electron/core/credentials/api-key-format.ts';
import { ApiKeyManager } from '../../../../electron/core/credentials/api-key-manager.ts';
import type {
  ApiKeyManagerOptions,
  KeyStatus,
  SetKeyResult,
} from '../../../../electron/core/credentials/api-key-manager.ts';
import { KeychainUnavailableError } from '../../../../electron/core/credentials/keychain-unavailable-error.ts';
import { KeytarSecretStore } from '../../../../electron/core/credentials/keytar-secret-store.ts';
import { Logger, Redactor } from '../../../../electron/core/logger.ts';
import { openSettings } from '../../../../electron/core/settings/settings-store.ts';
import { startSimulator } from '../../../simulator/simulator.ts';
import type { RunningSimulator } from '../../../simulator/simulator.ts';
import { brokenKeychains, runInBrokenKeychain } from './broken-keychain.ts';
import { filesContaining } from './files-containing.ts';

// The API key manager with real parts: the Offload simulator over loopback
// to verify keys (valid, unknown 401, inactive 403, unreachable), the real
// Secret Service from the suite's globalSetup, and child processes whose
// D-Bus is broken on purpose for the "no keychain" state.

const keyring = inject('keyring');
const service = `Offload Console test api-key-manager ${randomUUID()}`;
const keychain = new KeytarSecretStore({ service });
/** What status() must say about the keychain of this test machine. */
const KEYCHAIN_STATE = keyring.available ? 'available' : 'unavailable';
const KEYRING_DATA_DIR = keyring.available ? keyring.dataDir : '';
const UNKNOWN_KEY = `sim_live_${'0'.repeat(32)}`;
const VERIFIED_AT = 1_750_000_000_000;
const SINGLE_TRY = {
  backoff: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
  timeoutMs: 5_000,
};

let sim: RunningSimulator;
let closedUrl: string;
const dirs: string[] = [];
const logLines: string[] = [];
const logger = new Logger({
  level: 'debug',
  sink: (line) => logLines.push(line),
  redactor: new Redactor(),
});

function manager(options: Partial<ApiKeyManagerOptions> = {}) {
  return new ApiKeyManager({
    secretStore: keychain,
    env: {},
    now: () => VERIFIED_AT,
    logger,
    clientSettings: SINGLE_TRY,
    ...options,
  });
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'offload-credentials-'));
  dirs.push(dir);
  return dir;
}

/** A loopback URL where nothing listens: connecting is refused. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error();
  return `http://127.0.0.1:${address.port}`;
}

async function keyChecksSent(): Promise<number> {
  const { requests } = await sim.admin.requests();
  return requests.filter((request) => request.route === 'getCase').length;
}

async function rejection(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => new Error('expected the call to fail'),
    (reason: unknown) => reason,
  );
}

/** The keychain entry, or null when there is none or no keychain. */
async function keychainEntry(account: string): Promise<string | null> {
  try {
    return await keychain.get(account);
  } catch (error) {
    if (error instanceof KeychainUnavailableError) return null;
    throw error;
  }
}

async function forgetTestEntries(): Promise<void> {
  try {
    for (const profile of ['main', 'staging']) {
      await keychain.delete(profile);
      await keychain.delete(`${profile}:meta`);
    }
  } catch (error) {
    if (!(error instanceof KeychainUnavailableError)) throw error;
  }
}

function allKeys(): string[] {
  return [...Object.values(sim.keys), UNKNOWN_KEY];
}

beforeAll(async () => {
  sim = await startSimulator({ seed: 23, timeScale: 0, checkResponses: true });
  closedUrl = await closedPortUrl();
});

afterEach(async () => {
  const leaked = logLines.filter((line) =>
    allKeys().some((key) => line.includes(key)),
  );
  logLines.length = 0;
  await sim.admin.clearRequests();
  await forgetTestEntries();
  for (const dir of dirs.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
  // No key, of any kind, may reach a log line: that fails the test.
  if (leaked.length > 0) {
    throw new Error(`${leaked.length} log line(s) held an API key`);
  }
});

afterAll(async () => {
  const problems = sim.responseProblems();
  await sim.close();
  if (problems.length > 0) {
    throw new Error(`the simulator broke its contract: ${problems.join('; ')}`);
  }
});

describe('ApiKeyManager, whatever the keychain', () => {
  it('reports the keychain as this machine has it, and no key yet', async () => {
    expect(await manager().status('main')).toEqual({
      configured: false,
      source: 'none',
      verifiedAt: null,
      keychain: KEYCHAIN_STATE,
    });
  });

  it.each<[string, string, ApiKeyFormatError['problem']]>([
    ['an empty key', '', 'empty'],
    ['a key of spaces', '   ', 'empty'],
    ['two keys on two lines', 'sim_live_aaaaaa\nsim_live_bbbbbb', 'multi-line'],
    ['a key with a space inside', 'sim_live_aaa bbb', 'spaces'],
    ['a key with a control character', 'sim_live_\u0007bell', 'characters'],
    ['a key with a non-ASCII letter', 'sim_live_ключ', 'characters'],
    ['a key of 513 characters', 'k'.repeat(513), 'too-long'],
  ])(
    'refuses %s before asking Offload or touching the keychain',
    async (_name, key, problem) => {
      const error = await rejection(manager().setKey('main', sim.url, key));
      expect(error).toBeInstanceOf(ApiKeyFormatError);
      expect((error as ApiKeyFormatError).problem).toBe(problem);
      expect(await keyChecksSent()).toBe(0);
      expect(await keychainEntry('main')).toBeNull();
    },
  );

  it.each(['', 'main:meta', '../main', 'main profile', '-main', 'ü'])(
    'refuses the profile id %j everywhere',
    async (profile) => {
      const keys = manager();
      const calls = [
        keys.status(profile),
        keys.setKey(profile, sim.url, sim.keys.active),
        keys.removeKey(profile),
        keys.clientFor(profile, sim.url),
      ];
      for (const call of calls) {
        expect(await rejection(call)).toMatchObject({
          message: expect.stringContaining('profile id'),
        });
      }
      expect(await keyChecksSent()).toBe(0);
    },
  );

  it.each([
    ['ftp://api.offload.example', /must start with https/],
    ['not a url', /is not a valid URL/],
    ['https://api.offload.example/?key=1', /must not carry a query/],
  ])(
    'refuses the base URL %j before sending the key there',
    async (url, message) => {
      const error = await rejection(
        manager().setKey('main', url, sim.keys.active),
      );
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain(sim.keys.active);
    },
  );

  it('hands verification the trimmed key and the normalised URL', async () => {
    const seen: string[][] = [];
    const keys = manager({
      verify: async (baseUrl, key) => {
        seen.push([baseUrl, key]);
        return { outcome: 'valid' };
      },
    });
    await keys.setKey('main', `${sim.url}/`, `  ${sim.keys.active}\n`, {
      sessionOnly: true,
    });
    expect(seen).toEqual([[sim.url, sim.keys.active]]);
  });

  it('keeps nothing when verification itself throws', async () => {
    const keys = manager({
      verify: async () => {
        throw new Error('verification crashed');
      },
    });
    await expect(
      keys.setKey('main', sim.url, sim.keys.active, { sessionOnly: true }),
    ).rejects.toThrow('verification crashed');
    expect((await keys.status('main')).configured).toBe(false);
  });

  it('keeps a key for this run only when asked, and forgets it on restart', async () => {
    const keys = manager();
    const result = await keys.setKey('main', sim.url, sim.keys.active, {
      sessionOnly: true,
    });
    expect(result).toEqual({
      outcome: 'saved',
      verifiedAt: VERIFIED_AT,
      storage: 'session',
    });
    expect(await keys.status('main')).toMatchObject({
      configured: true,
      source: 'session',
      verifiedAt: VERIFIED_AT,
    });
    const client = await keys.clientFor('main', sim.url);
    expect(await client?.verifyKey()).toEqual({ outcome: 'valid' });
    expect(await keychainEntry('main')).toBeNull();
    expect((await manager().status('main')).configured).toBe(false);
  });

  describe('when the keychain cannot be reached', () => {
    interface ChildReport {
      before: KeyStatus;
      saved: SetKeyResult;
      afterRefusal: KeyStatus;
      clientError: { name: string; message: string } | null;
      sessionSaved: SetKeyResult;
      afterSession: KeyStatus;
      clientCheck: string | null;
      storeError: { name: string; problem: string; message: string } | null;
      logLines: string[];
    }

    it.each(
      brokenKeychains(keyring).map((setup) => [setup.name, setup] as const),
    )(
      'with %s, reports the keychain unavailable and writes the key nowhere',
      async (_name, setup) => {
        const run = await runInBrokenKeychain(
          setup,
          join(import.meta.dirname, 'keychain-unavailable-child.ts'),
          [sim.url, `${service} child`],
          { TEST_OFFLOAD_KEY: sim.keys.active },
        );
        dirs.push(run.home);
        expect(run.code, run.stderr).toBe(0);
        const report = JSON.parse(run.stdout) as ChildReport;
        const key = sim.keys.active;

        // The state the UI shows, and the way forward it offers.
        expect(report.before).toEqual({
          configured: false,
          source: 'none',
          verifiedAt: null,
          keychain: 'unavailable',
        });
        expect(report.saved).toEqual({
          outcome: 'keychain-unavailable',
          message: expect.stringMatching(/keep the key for this run only\.$/),
        });
        expect(report.afterRefusal.configured).toBe(false);
        expect(report.clientError?.name).toBe('KeychainUnavailableError');
        expect(report.storeError).toMatchObject({
          name: 'KeychainUnavailableError',
          problem: 'no-secret-service',
        });

        // Keeping it for this run works, and the key is usable.
        expect(report.sessionSaved).toEqual({
          outcome: 'saved',
          verifiedAt: expect.any(Number),
          storage: 'session',
        });
        expect(report.afterSession).toMatchObject({
          configured: true,
          source: 'session',
          keychain: 'unavailable',
        });
        expect(report.clientCheck).toBe('valid');

        // No plaintext fallback: not in any file, log line or output.
        // Logged once when the state is found, not on every status call.
        expect(
          report.logLines.filter((line) =>
            line.includes('keychain is unavailable'),
          ),
        ).toHaveLength(1);
        expect(report.logLines.filter((line) => line.includes(key))).toEqual(
          [],
        );
        expect(run.stdout + run.stderr).not.toContain(key);
        expect(filesContaining(run.home, key)).toEqual([]);
      },
    );
  });

  describe('with OFFLOAD_API_KEY in the environment', () => {
    it('uses the environment key and base URL over anything stored', async () => {
      const keys = manager({
        env: {
          OFFLOAD_API_KEY: ` ${sim.keys.active} `,
          OFFLOAD_BASE_URL: sim.url,
        },
      });
      // The stored key belongs to another client, which cannot read the case.
      await keys.setKey('main', sim.url, sim.keys.otherClient, {
        sessionOnly: true,
      });
      const { caseId } = await sim.admin.seedCase({ status: 'RUNNING' });

      expect(await keys.status('main')).toEqual({
        configured: true,
        source: 'environment',
        verifiedAt: null,
        keychain: KEYCHAIN_STATE,
      });
      const client = await keys.clientFor('main', closedUrl);
      expect(client?.baseUrl).toBe(sim.url);
      expect((await client!.getCase(caseId)).caseId).toBe(caseId);
    });

    it('never stores the environment key', async () => {
      const keys = manager({ env: { OFFLOAD_API_KEY: sim.keys.active } });
      expect((await keys.status('main')).source).toBe('environment');
      expect(await keychainEntry('main')).toBeNull();
      expect((await manager().status('main')).configured).toBe(false);
    });

    it('uses the base URL it is given when OFFLOAD_BASE_URL is not set', async () => {
      const keys = manager({ env: { OFFLOAD_API_KEY: sim.keys.active } });
      expect((await keys.clientFor('main', sim.url))?.baseUrl).toBe(sim.url);
    });

    it.each([
      [
        'a key on two lines',
        { OFFLOAD_API_KEY: 'sim_live_aaaaaa\nsim_live_b' },
      ],
      ['a key with spaces', { OFFLOAD_API_KEY: 'sim_live_aaaaaa sim_live_b' }],
    ])(
      'ignores %s, with a warning that does not repeat it',
      async (_name, env) => {
        const keys = manager({ env });
        expect((await keys.status('main')).source).toBe('none');
        const warning = logLines.find((line) =>
          line.includes('OFFLOAD_API_KEY'),
        );
        expect(warning).toContain('is ignored');
        expect(warning).not.toContain('sim_live_aaaaaa');
      },
    );

    it('ignores an unusable OFFLOAD_BASE_URL, with a warning', async () => {
      const keys = manager({
        env: { OFFLOAD_API_KEY: sim.keys.active, OFFLOAD_BASE_URL: 'ftp://x' },
      });
      expect((await keys.clientFor('main', sim.url))?.baseUrl).toBe(sim.url);
      expect(
        logLines.some((line) => line.includes('OFFLOAD_BASE_URL is ignored')),
      ).toBe(true);
    });

    it('leaves an empty OFFLOAD_API_KEY unused, without a warning', async () => {
      const keys = manager({ env: { OFFLOAD_API_KEY: '  ' } });
      expect((await keys.status('main')).source).toBe('none');
      expect(
        logLines.filter((line) => line.includes('OFFLOAD_API_KEY')),
      ).toEqual([]);
    });
  });
});

describe.runIf(keyring.available)(
  'ApiKeyManager with the real keychain',
  () => {
    it('saves a key Offload accepts, with the time it was verified', async () => {
      const keys = manager();
      const result = await keys.setKey(
        'main',
        sim.url,
        `  ${sim.keys.active}\n`,
      );
      expect(result).toEqual({
        outcome: 'saved',
        verifiedAt: VERIFIED_AT,
        storage: 'keychain',
      });
      expect(await keyChecksSent()).toBe(1);

      const expected: KeyStatus = {
        configured: true,
        source: 'keychain',
        verifiedAt: VERIFIED_AT,
        keychain: 'available',
      };
      expect(await keys.status('main')).toEqual(expected);
      // A restart finds it in the keychain.
      expect(await manager().status('main')).toEqual(expected);
      expect(await manager().status('staging')).toMatchObject({
        configured: false,
        source: 'none',
      });
    });

    it('files the key and its check time as two keychain entries', async () => {
      await manager().setKey('main', sim.url, sim.keys.active);
      expect(await keychain.get('main')).toBe(sim.keys.active);
      const meta = await keychain.get('main:meta');
      expect(JSON.parse(meta!)).toEqual({ verifiedAt: VERIFIED_AT });
    });

    it.each([
      [
        'an unknown key (401)',
        () => UNKNOWN_KEY,
        'unknown-key',
        /does not recognise/,
      ],
      [
        'an inactive key (403)',
        () => sim.keys.inactive,
        'inactive-key',
        /inactive/,
      ],
    ])('refuses %s and keeps nothing', async (_name, key, reason, message) => {
      const keys = manager();
      const result = await keys.setKey('main', sim.url, key());
      expect(result).toEqual({
        outcome: 'rejected',
        reason,
        message: expect.stringMatching(message),
      });
      expect(await keychain.get('main')).toBeNull();
      expect(await keys.status('main')).toMatchObject({ configured: false });
    });

    it('keeps the working key when a replacement is refused', async () => {
      const keys = manager();
      await keys.setKey('main', sim.url, sim.keys.active);
      const result = await keys.setKey('main', sim.url, sim.keys.inactive);
      expect(result.outcome).toBe('rejected');
      expect(await keychain.get('main')).toBe(sim.keys.active);
    });

    it('does not keep a key it could not check, unless the user accepts that', async () => {
      const keys = manager();
      const refused = await keys.setKey('main', closedUrl, sim.keys.active);
      expect(refused).toEqual({
        outcome: 'unverified',
        message: expect.stringMatching(/could not be checked.*not saved/s),
      });
      expect(await keychain.get('main')).toBeNull();

      const accepted = await keys.setKey('main', closedUrl, sim.keys.active, {
        acceptUnverified: true,
      });
      expect(accepted).toEqual({
        outcome: 'saved',
        verifiedAt: null,
        storage: 'keychain',
      });
      expect(await keys.status('main')).toEqual({
        configured: true,
        source: 'keychain',
        verifiedAt: null,
        keychain: 'available',
      });
    });

    it('gives out a working client, never the key', async () => {
      const keys = manager();
      expect(await keys.clientFor('main', sim.url)).toBeNull();
      await keys.setKey('main', sim.url, sim.keys.active);
      const { caseId } = await sim.admin.seedCase({ status: 'RUNNING' });

      const client = await keys.clientFor('main', sim.url);
      expect((await client!.getCase(caseId)).caseId).toBe(caseId);
      expect(JSON.stringify(client)).not.toContain(sim.keys.active);
      expect(JSON.stringify(await keys.status('main'))).not.toContain(
        sim.keys.active,
      );
    });

    it('removes the key and its entry beside it', async () => {
      const keys = manager();
      await keys.setKey('main', sim.url, sim.keys.active);
      expect(await keys.removeKey('main')).toBe(true);
      expect(await keys.removeKey('main')).toBe(false);
      expect(await keychain.get('main')).toBeNull();
      expect(await keychain.get('main:meta')).toBeNull();
      expect(await keys.clientFor('main', sim.url)).toBeNull();
      expect((await keys.status('main')).source).toBe('none');
    });

    it('lets a key kept for this run win over the stored one until saved', async () => {
      const keys = manager();
      await keys.setKey('main', sim.url, sim.keys.otherClient);
      await keys.setKey('main', sim.url, sim.keys.active, {
        sessionOnly: true,
      });
      expect((await keys.status('main')).source).toBe('session');
      expect(await keychain.get('main')).toBe(sim.keys.otherClient);

      await keys.setKey('main', sim.url, sim.keys.active);
      expect((await keys.status('main')).source).toBe('keychain');
      expect(await keychain.get('main')).toBe(sim.keys.active);
    });

    it('cannot remove a key that comes from the environment', async () => {
      const keys = manager({ env: { OFFLOAD_API_KEY: sim.keys.active } });
      expect(await keys.removeKey('main')).toBe(false);
      expect((await keys.status('main')).source).toBe('environment');
      expect(await keys.clientFor('main', sim.url)).not.toBeNull();
    });

    it('keeps profiles apart', async () => {
      const keys = manager();
      await keys.setKey('main', sim.url, sim.keys.active);
      await keys.setKey('staging', sim.url, sim.keys.otherClient);
      await keys.removeKey('staging');
      expect((await keys.status('main')).configured).toBe(true);
      expect((await keys.status('staging')).configured).toBe(false);
    });

    it('leaves the key in no file of the data folder, nor the keyring files', async () => {
      const dataDir = tempDir();
      const { settings } = openSettings({ cwd: dataDir, logger });
      settings.update({
        profiles: [{ id: 'main', name: 'Main', baseUrl: sim.url }],
        activeProfileId: 'main',
      });
      const keys = manager();
      expect(
        (await keys.setKey('main', sim.url, sim.keys.active)).outcome,
      ).toBe('saved');
      expect(filesContaining(dataDir, sim.keys.active)).toEqual([]);
      expect(filesContaining(KEYRING_DATA_DIR, sim.keys.active)).toEqual([]);
    });
  },
);
