import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';

// The renderer as a user gets it: Vite's production build of renderer/,
// made once per test process into a temporary folder (so a developer's
// dist/ is never touched) and reused by every harness in that process.

let built: Promise<string> | undefined;

/** The folder holding the built renderer (index.html and assets). */
export function builtRenderer(): Promise<string> {
  built ??= (async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'offload-renderer-'));
    await build({
      configFile: resolve('vite.config.ts'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
    return outDir;
  })();
  return built;
}
