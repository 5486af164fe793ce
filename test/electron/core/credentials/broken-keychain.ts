import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyringState } from '../../../support/keyring-session.ts';
import { privateBusConfig } from '../../../support/keyring-session.ts';

// Processes whose keychain is broken on purpose, for the "cannot store
// securely" state. keytar's D-Bus connection is made once per process, so
// each broken setup needs a process of its own.

/** A way the keychain can be missing, as env and a command prefix. */
export interface BrokenKeychain {
  name: string;
  env: NodeJS.ProcessEnv;
  /** Runs before the child's command, e.g. a bus with nothing on it. */
  wrapper: (dir: string) => string[];
}

/** Every broken setup this machine can produce. */
export function brokenKeychains(keyring: KeyringState): BrokenKeychain[] {
  const setups: BrokenKeychain[] = [
    // keytar then tries to autolaunch a bus, which needs X11.
    { name: 'no session bus at all', env: {}, wrapper: () => [] },
    {
      name: 'a bus address that leads nowhere',
      env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/offload-bus' },
      wrapper: () => [],
    },
    {
      name: 'a malformed bus address',
      env: { DBUS_SESSION_BUS_ADDRESS: 'not-a-bus-address' },
      wrapper: () => [],
    },
  ];
  // A desktop session without a keyring: needs the D-Bus binaries.
  if (keyring.available) {
    setups.push({
      name: 'a session bus with no Secret Service on it',
      env: {},
      wrapper: (dir) => {
        writeFileSync(join(dir, 'bus.conf'), privateBusConfig(dir));
        return [
          'dbus-run-session',
          `--config-file=${join(dir, 'bus.conf')}`,
          '--',
        ];
      },
    });
  }
  return setups;
}

export interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The child's HOME, cwd and XDG folders: where any file it wrote is. */
  home: string;
}

/**
 * Runs a TypeScript file under Node in a fresh temp HOME with a minimal
 * environment (no DISPLAY, no inherited bus) plus `env`.
 */
export async function runInBrokenKeychain(
  setup: BrokenKeychain,
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<ChildRun> {
  const home = mkdtempSync(join(tmpdir(), 'offload-nokeychain-'));
  const command = [...setup.wrapper(home), process.execPath, script, ...args];
  const child = spawn(command[0]!, command.slice(1), {
    cwd: home,
    env: {
      PATH: process.env.PATH,
      HOME: home,
      XDG_DATA_HOME: join(home, 'data'),
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_CACHE_HOME: join(home, 'cache'),
      ...setup.env,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) =>
    child.once('exit', resolve),
  );
  return { code, stdout, stderr, home };
}
