import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MISSING_ELECTRON_MESSAGE } from '../../electron/electron-binary.ts';

// The launcher runs as npm runs it: a child `node electron/launch.ts`.
// Electron itself is replaced by pointing ELECTRON_OVERRIDE_DIST_PATH at
// a folder that is empty (no binary, as on this machine) or that holds a
// tiny script recording how it was started.

const ROOT = resolve(import.meta.dirname, '../..');
const made: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of made.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function launch(args: string[], env: Record<string, string>): Promise<Run> {
  const child = spawn(process.execPath, ['electron/launch.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, OFFLOAD_LAUNCH_SKIP_BUILD: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => {
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

/**
 * An "electron" that writes its arguments and environment to a file (and,
 * when started on a dev server, the page that server sends), then exits.
 */
function fakeElectron(exitCode: number): { dist: string; record: string } {
  const dist = tempDir('fake-electron-');
  const record = join(dist, 'record.json');
  const script = join(dist, 'electron');
  writeFileSync(
    script,
    `#!${process.execPath}\n` +
      'const dev = process.env.OFFLOAD_DEV_SERVER_URL;\n' +
      "const page = dev ? fetch(dev).then((r) => r.text()) : Promise.resolve('');\n" +
      'page.then((html) => {\n' +
      `  require('node:fs').writeFileSync(${JSON.stringify(record)}, ` +
      'JSON.stringify({ argv: process.argv.slice(2), env: process.env, html }));\n' +
      `  process.exit(${exitCode});\n` +
      '});\n',
  );
  chmodSync(script, 0o755);
  return { dist, record };
}

describe('electron/launch.ts', () => {
  it.each(['start', 'dev', 'demo'])(
    '`%s` without Electron prints one sentence on how to fix it and exits 1',
    async (command) => {
      const empty = tempDir('no-electron-');
      const run = await launch([command], {
        ELECTRON_OVERRIDE_DIST_PATH: empty,
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`${MISSING_ELECTRON_MESSAGE}\n`);
      expect(run.stdout).toBe('');
    },
  );

  it.each([[[]], [['launch']], [['start', 'extra']]])(
    'answers %j with its usage and exit code 2',
    async (args) => {
      const run = await launch(args, {});
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^usage: node electron\/launch.ts/);
    },
  );

  it('`start` runs Electron on the app folder and exits with its code', async () => {
    const { dist, record } = fakeElectron(3);
    const run = await launch(['start'], { ELECTRON_OVERRIDE_DIST_PATH: dist });
    expect(run.code).toBe(3);
    const recorded = JSON.parse(readFileSync(record, 'utf8')) as {
      argv: string[];
    };
    expect(recorded.argv).toEqual([ROOT]);
  });

  it('`demo` points Electron at a live simulator, then stops it and removes the profile', async () => {
    const { dist, record } = fakeElectron(0);
    const run = await launch(['demo'], { ELECTRON_OVERRIDE_DIST_PATH: dist });
    expect(run.code).toBe(0);
    const { env } = JSON.parse(readFileSync(record, 'utf8')) as {
      env: Record<string, string>;
    };
    expect(env.OFFLOAD_DEMO_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(env.OFFLOAD_DEMO_KEY).toMatch(/^sim_live_/);
    expect(env.OFFLOAD_DATA_DIR).toContain('offload-console-demo-');
    // Five seeded case ids are handed over for the console to watch.
    const ids = (env.OFFLOAD_DEMO_CASES ?? '').split(',');
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
    expect(run.stdout).toContain('watches its 5 seeded cases');
    // Afterwards: the profile is gone and nothing listens any more.
    expect(existsSync(env.OFFLOAD_DATA_DIR ?? '')).toBe(false);
    await expect(fetch(`${env.OFFLOAD_DEMO_URL}/cases/x`)).rejects.toThrow(
      /fetch failed/,
    );
  });

  it('`dev` serves the page with the dev CSP and starts Electron on it', async () => {
    const { dist, record } = fakeElectron(0);
    const run = await launch(['dev'], { ELECTRON_OVERRIDE_DIST_PATH: dist });
    expect(run.code).toBe(0);
    const { env, html } = JSON.parse(readFileSync(record, 'utf8')) as {
      env: Record<string, string>;
      html: string;
    };
    const origin = env.OFFLOAD_DEV_SERVER_URL ?? '';
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(html).toContain(
      `connect-src 'self' ${origin.replace('http:', 'ws:')}`,
    );
    expect(html).toContain('<div id="root">');
    // The dev server closed when Electron exited.
    await expect(fetch(origin)).rejects.toThrow(/fetch failed/);
  });
});
