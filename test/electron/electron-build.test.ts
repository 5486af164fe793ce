import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { IPC_METHOD_NAMES } from '../../shared/ipc.ts';

// Builds main and preload with vite.electron.config.ts into a temporary
// folder and checks what Electron will load: a sandboxed preload that
// requires nothing but 'electron', and a main bundle that imports only
// Electron and Node's built-ins.

let outDir: string;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'electron-build-'));
  for (const mode of ['main', 'preload']) {
    await build({
      configFile: 'vite.electron.config.ts',
      mode,
      logLevel: 'silent',
      build: { outDir, sourcemap: false },
    });
  }
}, 120_000);

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
});

describe('the preload bundle', () => {
  it("requires nothing but 'electron'", () => {
    const code = readFileSync(join(outDir, 'preload.cjs'), 'utf8');
    const required = [...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)/g)].map(
      (match) => match[1],
    );
    expect(new Set(required)).toEqual(new Set(['electron']));
  });

  it('exposes window.offload, and only it, in a sandbox-like context', async () => {
    const code = readFileSync(join(outDir, 'preload.cjs'), 'utf8');
    const exposed: [string, unknown][] = [];
    const invoked: unknown[][] = [];
    const electron = {
      contextBridge: {
        exposeInMainWorld: (key: string, api: unknown) =>
          exposed.push([key, api]),
      },
      ipcRenderer: {
        invoke: (...args: unknown[]) => {
          invoked.push(args);
          return Promise.resolve({ ok: true, value: null });
        },
        on: () => {},
        removeListener: () => {},
      },
    };
    const module = { exports: {} };
    runInNewContext(code, {
      require: (name: string) => {
        if (name !== 'electron') throw new Error(`cannot require ${name}`);
        return electron;
      },
      module,
      exports: module.exports,
    });
    expect(exposed.map(([key]) => key)).toEqual(['offload']);
    const api = exposed[0]?.[1] as Record<string, Record<string, unknown>>;
    for (const name of IPC_METHOD_NAMES) {
      const [space = '', task = ''] = name.split('.');
      expect(typeof api[space]?.[task], name).toBe('function');
    }
    const add = api.watch?.add as (...a: unknown[]) => Promise<unknown>;
    await add({ text: 'c1', source: 'single' });
    expect(invoked).toEqual([
      ['offload:watch.add', { text: 'c1', source: 'single' }],
    ]);
  });
});

describe('the main bundle', () => {
  it('imports only Electron and Node built-ins; keytar loads at run time', () => {
    const code = readFileSync(join(outDir, 'main.js'), 'utf8');
    const imported = [
      ...code.matchAll(/^import\s+(?:[^'"]*?\s+from\s+)?["']([^"']+)["']/gm),
    ].map((match) => match[1] ?? '');
    expect(imported).toContain('electron');
    const others = imported.filter(
      (name) => name !== 'electron' && !name.startsWith('node:'),
    );
    expect(others).toEqual([]);
    expect(code).toContain('("@github/keytar")');
    expect(code).toContain('"preload.cjs"');
  });
});
