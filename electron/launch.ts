import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { findElectronBinary } from './electron-binary.ts';
import { seedDemoCases, startDemoSimulator } from './demo-simulator.ts';
import {
  DATA_DIR_VARIABLE,
  DEMO_CASES_VARIABLE,
  DEMO_KEY_VARIABLE,
  DEMO_URL_VARIABLE,
  DEV_SERVER_VARIABLE,
} from './run-options.ts';
import { developmentCsp } from './session-setup.ts';

// `node electron/launch.ts <build|start|dev|demo>`: the npm scripts'
// launcher, plain Node. Commands that run Electron check for its binary
// first, so that a machine without one gets a sentence on how to fix it
// (and no stack trace) before anything is built.

const ROOT = resolve(import.meta.dirname, '..');
const USAGE = 'usage: node electron/launch.ts <build|start|dev|demo>';
/** Simulated ms per real ms in the demo: a two-hour reply takes 24 s. */
const DEMO_TIME_SCALE = 300;

/** Prints one line and ends the launcher. */
function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function electronOrFail(): string {
  const binary = findElectronBinary();
  if (!binary.found) fail(binary.message);
  return binary.path;
}

async function buildElectron(watch = false) {
  const { build } = await import('vite');
  const configFile = join(ROOT, 'vite.electron.config.ts');
  const options = watch ? { build: { watch: {} } } : {};
  return Promise.all([
    build({ root: ROOT, configFile, mode: 'main', ...options }),
    build({ root: ROOT, configFile, mode: 'preload', ...options }),
  ]);
}

/** Set by the launcher's tests, which need no fresh dist/. */
const SKIP_BUILD_VARIABLE = 'OFFLOAD_LAUNCH_SKIP_BUILD';

/** The renderer, the main process and the preload, into dist/. */
async function buildAll(): Promise<void> {
  if (process.env[SKIP_BUILD_VARIABLE] === '1') return;
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'vite.config.ts') });
  await buildElectron();
}

/** Runs Electron on the built app until it exits; resolves its code. */
function runElectron(
  binary: string,
  env: Record<string, string | undefined> = {},
): Promise<number> {
  const child = spawn(binary, [ROOT], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  return new Promise((done) => {
    child.once('exit', (code) => done(code ?? 1));
    child.once('error', () => done(1));
  });
}

async function start(): Promise<number> {
  const binary = electronOrFail();
  await buildAll();
  return runElectron(binary);
}

async function demo(): Promise<number> {
  const binary = electronOrFail();
  await buildAll();
  const sim = await startDemoSimulator({
    root: ROOT,
    timeScale: DEMO_TIME_SCALE,
  });
  const profile = mkdtempSync(join(tmpdir(), 'offload-console-demo-'));
  try {
    const ids = await seedDemoCases(sim);
    process.stdout.write(
      `Demo: simulator at ${sim.url}; the console watches its ` +
        `${ids.length} seeded cases.\n`,
    );
    return await runElectron(binary, {
      [DEMO_URL_VARIABLE]: sim.url,
      [DEMO_KEY_VARIABLE]: sim.apiKey,
      [DEMO_CASES_VARIABLE]: ids.join(','),
      [DATA_DIR_VARIABLE]: profile,
    });
  } finally {
    await sim.stop();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Swaps the page's CSP for one the dev server's hot reload can live with. */
function devCspPlugin(origin: () => string): Plugin {
  return {
    name: 'offload-dev-csp',
    transformIndexHtml(html) {
      return html.replace(
        /(http-equiv="Content-Security-Policy"\s+content=")[^"]*/,
        `$1${developmentCsp(origin())}`,
      );
    },
  };
}

async function dev(): Promise<number> {
  const binary = electronOrFail();
  const { createServer } = await import('vite');
  let origin = '';
  const server = await createServer({
    configFile: join(ROOT, 'vite.config.ts'),
    server: { host: '127.0.0.1', port: 5173 },
    plugins: [devCspPlugin(() => origin)],
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') fail('dev server did not start');
  origin = `http://127.0.0.1:${address.port}`;

  // The page reloads through Vite; the main process restarts on rebuild.
  let child: ReturnType<typeof spawn> | null = null;
  let stopping = false;
  const finished = Promise.withResolvers<number>();
  const launch = () => {
    const started = spawn(binary, [ROOT], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, [DEV_SERVER_VARIABLE]: origin },
    });
    started.once('exit', (code) => {
      if (child === started && !stopping) finished.resolve(code ?? 0);
    });
    child = started;
  };
  const restart = () => {
    const previous = child;
    child = null;
    previous?.kill('SIGTERM');
    launch();
  };
  let ready = 0;
  const watchers = await buildElectron(true);
  for (const watcher of watchers) {
    if (!('on' in watcher)) continue;
    watcher.on('event', (event) => {
      if (event.code !== 'END') return;
      ready += 1;
      if (ready === watchers.length) launch();
      else if (ready > watchers.length) restart();
    });
  }
  const stop = () => {
    stopping = true;
    child?.kill('SIGTERM');
    finished.resolve(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const code = await finished.promise;
  for (const watcher of watchers) {
    if ('close' in watcher) await watcher.close();
  }
  await server.close();
  return code;
}

const COMMANDS: Record<string, () => Promise<number>> = {
  build: async () => {
    await buildAll();
    return 0;
  },
  start,
  dev,
  demo,
};

if (import.meta.main) {
  // vite.config.ts names its folders relative to the repository.
  process.chdir(ROOT);
  const command = COMMANDS[process.argv[2] ?? ''];
  if (!command || process.argv.length > 3) fail(USAGE, 2);
  command().then(
    (code) => process.exit(code),
    (error: unknown) => {
      fail(error instanceof Error ? error.message : String(error));
    },
  );
}
