import { afterEach, describe, expect, inject, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_KEYCHAIN_SERVICE,
  KeytarSecretStore,
} from '../../../../electron/core/credentials/keytar-secret-store.ts';
import { KeychainUnavailableError } from '../../../../electron/core/credentials/keychain-unavailable-error.ts';
import { brokenKeychains, runInBrokenKeychain } from './broken-keychain.ts';
import { filesContaining } from './files-containing.ts';

// The keychain adapter against the real Secret Service that the suite's
// globalSetup (test/support/keyring-session.ts) runs on a private D-Bus,
// and, in child processes, against every broken setup this machine can
// make. Each store here uses its own service name, so nothing collides
// with other test files or with a real install.

const keyring = inject('keyring');
const service = `Offload Console test ${randomUUID()}`;
const used: Array<[KeytarSecretStore, string]> = [];
const homes: string[] = [];

function store(name = service): KeytarSecretStore {
  return new KeytarSecretStore({ service: name });
}

async function put(target: KeytarSecretStore, account: string, secret: string) {
  used.push([target, account]);
  await target.set(account, secret);
}

/** Rejection of `call`, which must fail. */
async function failure(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => new Error('expected the call to fail'),
    (reason: unknown) => reason,
  );
}

afterEach(async () => {
  for (const [target, account] of used.splice(0)) {
    await target.delete(account);
  }
  for (const home of homes.splice(0)) {
    rmSync(home, { recursive: true, force: true });
  }
});

it('files entries under "Offload Console" unless told otherwise', () => {
  expect(new KeytarSecretStore().service).toBe(DEFAULT_KEYCHAIN_SERVICE);
  expect(DEFAULT_KEYCHAIN_SERVICE).toBe('Offload Console');
});

describe.runIf(keyring.available)(
  'KeytarSecretStore with a Secret Service',
  () => {
    it('returns null for an account it never held', async () => {
      expect(await store().get(`absent-${randomUUID()}`)).toBeNull();
    });

    it('keeps a secret and reads it back from a new store instance', async () => {
      await put(store(), 'main', 'sim_live_secret_one');
      expect(await store().get('main')).toBe('sim_live_secret_one');
    });

    it('replaces a secret set twice', async () => {
      await put(store(), 'main', 'sim_live_first');
      await put(store(), 'main', 'sim_live_second');
      expect(await store().get('main')).toBe('sim_live_second');
    });

    it('deletes a secret once, then reports there was none', async () => {
      await put(store(), 'main', 'sim_live_to_delete');
      expect(await store().delete('main')).toBe(true);
      expect(await store().delete('main')).toBe(false);
      expect(await store().get('main')).toBeNull();
    });

    it('keeps accounts and services apart', async () => {
      const other = store(`${service} other`);
      await put(store(), 'main', 'sim_live_main');
      await put(store(), 'staging', 'sim_live_staging');
      await put(other, 'main', 'sim_live_other_service');
      expect(await store().get('main')).toBe('sim_live_main');
      expect(await store().get('staging')).toBe('sim_live_staging');
      expect(await other.get('main')).toBe('sim_live_other_service');
    });

    it('round-trips a long secret with any characters', async () => {
      const secret = `${'x'.repeat(2000)} ✓ "quoted" \n second line`;
      await put(store(), 'long', secret);
      expect(await store().get('long')).toBe(secret);
    });

    it('stores nothing readable in the keyring files', async () => {
      const secret = `sim_live_plaintext_probe_${randomUUID()}`;
      await put(store(), 'probe', secret);
      expect(await store().get('probe')).toBe(secret);
      const dataDir = keyring.available ? keyring.dataDir : '';
      expect(readdirSync(dataDir)).toContain('login.keyring');
      expect(filesContaining(dataDir, secret)).toEqual([]);
    });

    it.each<[string, string, string, RegExp]>([
      ['an empty secret', 'main', '', /Password is required/],
      ['an empty account', '', 'sim_live_x', /Account is required/],
    ])(
      'lets other failures, such as %s, stay ordinary errors',
      async (_name, account, secret, message) => {
        const error = await failure(store().set(account, secret));
        expect(error).toBeInstanceOf(Error);
        expect(error).not.toBeInstanceOf(KeychainUnavailableError);
        expect((error as Error).message).toMatch(message);
      },
    );
  },
);

describe('KeytarSecretStore with no usable keychain', () => {
  it.each(
    brokenKeychains(keyring).map((setup) => [setup.name, setup] as const),
  )(
    'with %s, fails every call with KeychainUnavailableError',
    async (_name, setup) => {
      const secret = `sim_live_never_kept_${randomUUID()}`;
      const run = await runInBrokenKeychain(
        setup,
        join(import.meta.dirname, 'keytar-store-child.ts'),
        [service],
        { TEST_SECRET: secret },
      );
      homes.push(run.home);
      expect(run.code, run.stderr).toBe(0);

      const outcomes = JSON.parse(run.stdout) as Record<string, unknown>;
      for (const call of ['get', 'set', 'delete']) {
        expect(outcomes[call]).toEqual({
          name: 'KeychainUnavailableError',
          problem: 'no-secret-service',
          message: expect.stringMatching(
            /^No keychain is reachable.*this run only\.$/,
          ),
          detail: expect.any(String),
        });
      }
      expect(run.stdout + run.stderr).not.toContain(secret);
      expect(filesContaining(run.home, secret)).toEqual([]);
    },
  );
});
