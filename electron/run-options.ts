import { isAbsolute } from 'node:path';
import { DEEP_LINK_SCHEME } from './app/deep-link.ts';

// What the launcher (electron/launch.ts) tells the main process through
// its environment, read once at start-up and checked: a bad value is
// ignored with a reason rather than trusted. The demo key is a
// simulator's, but it is still removed from the environment after reading
// so that no child process inherits it.

export const DEMO_URL_VARIABLE = 'OFFLOAD_DEMO_URL';
export const DEMO_KEY_VARIABLE = 'OFFLOAD_DEMO_KEY';
export const DEMO_CASES_VARIABLE = 'OFFLOAD_DEMO_CASES';
export const DATA_DIR_VARIABLE = 'OFFLOAD_DATA_DIR';
export const DEV_SERVER_VARIABLE = 'OFFLOAD_DEV_SERVER_URL';

export interface RunOptions {
  /** `npm run demo`: the simulator, its key and the cases it seeded. */
  demo: { baseUrl: string; apiKey: string; caseIds: string[] } | null;
  /** A throw-away profile folder instead of the user's own. */
  dataDir: string | null;
  /** `npm run dev`: the Vite dev server serving the renderer. */
  devServerUrl: string | null;
  /** Why a variable that was set was not used. */
  ignored: string[];
}

function loopbackHttpUrl(text: string): string | null {
  try {
    const url = new URL(text);
    const loopback = ['127.0.0.1', 'localhost', '[::1]'];
    if (url.protocol !== 'http:' || !loopback.includes(url.hostname)) {
      return null;
    }
    if (url.username !== '' || url.password !== '') return null;
    return url.origin;
  } catch {
    return null;
  }
}

/** Case ids the demo simulator seeded, comma-separated; others dropped. */
function demoCaseIds(env: Record<string, string | undefined>): string[] {
  return (env[DEMO_CASES_VARIABLE] ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => /^[\w.:-]{1,200}$/.test(id));
}

/** Reads (and removes the demo key from) the launcher's variables. */
export function takeRunOptions(
  env: Record<string, string | undefined>,
  options: { packaged: boolean },
): RunOptions {
  const ignored: string[] = [];
  const demoUrl = env[DEMO_URL_VARIABLE];
  const demoKey = env[DEMO_KEY_VARIABLE];
  delete env[DEMO_KEY_VARIABLE];

  let demo: RunOptions['demo'] = null;
  if (demoUrl !== undefined || demoKey !== undefined) {
    // The simulator always runs on loopback; a demo never talks to a
    // real host with a key handed over in the environment.
    const baseUrl = demoUrl === undefined ? null : loopbackHttpUrl(demoUrl);
    if (baseUrl === null) {
      ignored.push(`${DEMO_URL_VARIABLE} must be an http://127.0.0.1 URL`);
    } else if (!demoKey) {
      ignored.push(`${DEMO_KEY_VARIABLE} is empty`);
    } else {
      demo = { baseUrl, apiKey: demoKey, caseIds: demoCaseIds(env) };
    }
  }

  let dataDir: string | null = null;
  const dir = env[DATA_DIR_VARIABLE];
  if (dir !== undefined) {
    if (isAbsolute(dir)) dataDir = dir;
    else ignored.push(`${DATA_DIR_VARIABLE} must be an absolute path`);
  }

  let devServerUrl: string | null = null;
  const dev = env[DEV_SERVER_VARIABLE];
  if (dev !== undefined) {
    // A packaged app only ever shows its own files.
    if (options.packaged) {
      ignored.push(`${DEV_SERVER_VARIABLE} is ignored in a packaged app`);
    } else {
      devServerUrl = loopbackHttpUrl(dev);
      if (devServerUrl === null) {
        ignored.push(`${DEV_SERVER_VARIABLE} must be a loopback http URL`);
      }
    }
  }
  return { demo, dataDir, devServerUrl, ignored };
}

/** The deep link among a process's arguments (Windows and Linux). */
export function deepLinkFromArgv(argv: readonly string[]): string | null {
  const prefix = `${DEEP_LINK_SCHEME}:`;
  return (
    argv.find(
      (arg) => typeof arg === 'string' && arg.toLowerCase().startsWith(prefix),
    ) ?? null
  );
}
