import { resolve } from 'node:path';
import { build } from 'vite';
import type { Rolldown } from 'vite';

// bridge-entry.ts bundled into one classic script for addInitScript, the
// way the preload is bundled for Electron.

let bundled: Promise<string> | undefined;

/** The stand-in preload as script text, built once per process. */
export function bridgeScript(): Promise<string> {
  bundled ??= (async () => {
    const output = await build({
      configFile: false,
      logLevel: 'warn',
      build: {
        write: false,
        minify: false,
        lib: {
          entry: resolve('test/e2e/bridge-entry.ts'),
          formats: ['iife'],
          name: 'offloadBridge',
        },
      },
    });
    const results = (
      Array.isArray(output) ? output : [output]
    ) as Rolldown.RolldownOutput[];
    const chunk = results
      .flatMap((result) => result.output)
      .find((item) => item.type === 'chunk');
    if (!chunk || chunk.type !== 'chunk') {
      throw new Error('the bridge bundle produced no script');
    }
    return chunk.code;
  })();
  return bundled;
}
