import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import {
  accessSync,
  constants,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { TestProject } from 'vitest/node';

// Vitest globalSetup: a private D-Bus session bus with gnome-keyring's
// Secret Service on it, so keychain tests run against the real keychain
// and never against the developer's own. Its keyrings live in a temp dir.
//
// The bus and the keyring are started under `dbus-run-session`, whose child
// shell waits on a pipe from this process. When this process goes away in
// any way (teardown, Ctrl-C, a crash, SIGKILL) the pipe closes, the shell
// exits, dbus-run-session stops the bus, and gnome-keyring-daemon exits
// because its bus is gone: no daemon outlives the run.

/** What the keychain tests learn through `inject('keyring')`. */
export type KeyringState =
  | {
      available: true;
      address: string;
      /** Where gnome-keyring keeps its (encrypted) keyring files. */
      dataDir: string;
    }
  | { available: false; reason: string };

declare module 'vitest' {
  export interface ProvidedContext {
    keyring: KeyringState;
  }
}

const REQUIRED_BINARIES = [
  'dbus-run-session',
  'dbus-daemon',
  'dbus-send',
  'gnome-keyring-daemon',
];
const START_TIMEOUT_MS = 15_000;

// gnome-keyring-daemon runs in the foreground as the shell's job, so the
// shell can stop it and wait for it before the bus goes: it writes its
// keyring files on the way out, and the session's folder is removed after.
// It owns org.freedesktop.secrets a moment after it starts, so the shell
// waits for that name before it prints the address that says it is up.
const SESSION_SCRIPT = `
printf pw | gnome-keyring-daemon --foreground --unlock --components=secrets \
  >/dev/null 2>&1 &
keyring=$!
tries=0
until dbus-send --session --print-reply --dest=org.freedesktop.DBus \
  /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner \
  string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'
do
  tries=$((tries + 1))
  if [ "$tries" -ge 200 ] || ! kill -0 "$keyring" 2>/dev/null; then
    kill "$keyring" 2>/dev/null
    exit 4
  fi
  sleep 0.05
done
printf '%s\\n' "$DBUS_SESSION_BUS_ADDRESS"
cat >/dev/null
kill "$keyring"
wait "$keyring"
`;

const DIR_PREFIX = 'offload-keyring-';
const OWNER_FILE = 'owner.pid';

let session: ChildProcess | undefined;
let sessionDir: string | undefined;
let previousAddress: string | undefined;

function missingBinaries(): string[] {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  return REQUIRED_BINARIES.filter(
    (name) =>
      !dirs.some((dir) => {
        try {
          accessSync(join(dir, name), constants.X_OK);
          return true;
        } catch {
          return false;
        }
      }),
  );
}

/**
 * A session bus listening in `dir` with no service directories, so only
 * services started on it by hand answer (no activation, no prompter).
 */
export function privateBusConfig(dir: string): string {
  return `<!DOCTYPE busconfig PUBLIC
 "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=${dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;
}

/** Starts the session and resolves with the bus address once it serves. */
function startSession(dir: string): Promise<string> {
  for (const sub of ['data', 'config', 'cache']) {
    mkdirSync(join(dir, sub));
  }
  mkdirSync(join(dir, 'run'), { mode: 0o700 });
  writeFileSync(join(dir, 'bus.conf'), privateBusConfig(dir));

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_CACHE_HOME: join(dir, 'cache'),
    XDG_RUNTIME_DIR: join(dir, 'run'),
  };
  delete env.DBUS_SESSION_BUS_ADDRESS;

  const child = spawn(
    'dbus-run-session',
    [
      `--config-file=${join(dir, 'bus.conf')}`,
      '--',
      'sh',
      '-c',
      SESSION_SCRIPT,
    ],
    { env, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  session = child;
  // Closing stdin is how teardown stops the session; if the shell is gone
  // already, the broken pipe that reports is expected.
  child.stdin?.on('error', () => {});

  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`${why}${stderr ? `: ${stderr.trim()}` : ''}`));
    };
    const timer = setTimeout(
      () => fail('the keyring session did not start in time'),
      START_TIMEOUT_MS,
    );
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline === -1) return;
      clearTimeout(timer);
      resolve(stdout.slice(0, newline).trim());
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      // dbus-daemon warns about its fd limit on every start; keep the rest.
      stderr += chunk
        .split('\n')
        .filter((line) => line !== '' && !line.includes('fd limit'))
        .map((line) => `${line}\n`)
        .join('');
    });
    child.on('error', (error) => fail(error.message));
    child.on('exit', (code) =>
      fail(`the keyring session exited early with code ${code}`),
    );
  });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the folders of earlier runs that were killed before teardown
 * (their daemons are gone with them). A folder whose owner still runs
 * belongs to a run in progress, possibly in parallel, and is left alone.
 */
function removeStaleSessionDirs(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(DIR_PREFIX)) continue;
    const dir = join(tmpdir(), name);
    let owner: number;
    try {
      owner = Number(readFileSync(join(dir, OWNER_FILE), 'utf8'));
    } catch {
      continue;
    }
    if (Number.isInteger(owner) && owner > 0 && !isRunning(owner)) {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

function newSessionDir(): string {
  const dir = mkdtempSync(join(tmpdir(), DIR_PREFIX));
  writeFileSync(join(dir, OWNER_FILE), String(process.pid));
  return dir;
}

/** Starts the private keyring and points this run's workers at it. */
export async function setup(project: TestProject): Promise<void> {
  previousAddress = process.env.DBUS_SESSION_BUS_ADDRESS;
  removeStaleSessionDirs();
  sessionDir = newSessionDir();

  let state: KeyringState;
  const missing = missingBinaries();
  if (missing.length > 0) {
    state = {
      available: false,
      reason: `missing ${missing.join(', ')} (Debian: dbus gnome-keyring)`,
    };
  } else {
    try {
      const address = await startSession(sessionDir);
      state = {
        available: true,
        address,
        dataDir: join(sessionDir, 'data', 'keyrings'),
      };
    } catch (error) {
      await teardown();
      sessionDir = newSessionDir();
      state = { available: false, reason: (error as Error).message };
    }
  }

  if (!state.available) {
    if (process.env.CI === 'true') {
      await teardown();
      throw new Error(`CI needs a Secret Service for tests: ${state.reason}`);
    }
    console.warn(`[keyring] keychain tests run unavailable: ${state.reason}`);
    // Never fall through to the developer's own keychain: a bus address
    // that leads nowhere makes every keytar call fail the same way.
    process.env.DBUS_SESSION_BUS_ADDRESS = `unix:path=${join(
      sessionDir,
      'no-bus',
    )}`;
  } else {
    process.env.DBUS_SESSION_BUS_ADDRESS = state.address;
  }
  project.provide('keyring', state);
}

/** Stops the keyring session and removes its files. */
export async function teardown(): Promise<void> {
  const child = session;
  session = undefined;
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', resolve));
    // Closing the pipe ends the session's shell; the rest follows it.
    child.stdin?.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
  if (previousAddress === undefined) {
    delete process.env.DBUS_SESSION_BUS_ADDRESS;
  } else {
    process.env.DBUS_SESSION_BUS_ADDRESS = previousAddress;
  }
  if (sessionDir) {
    rmSync(sessionDir, { recursive: true, force: true, maxRetries: 5 });
  }
  sessionDir = undefined;
}
