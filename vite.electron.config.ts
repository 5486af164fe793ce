import { defineConfig } from 'vite';
import type { UserConfig } from 'vite';

// Builds the Electron side into dist/electron, beside dist/renderer:
//   vite build -c vite.electron.config.ts --mode main     -> main.js (ESM)
//   vite build -c vite.electron.config.ts --mode preload  -> preload.cjs
// The main process is an SSR build (Node's resolution conditions) bundled
// whole, except Electron, Node's built-ins and the keychain's native addon
// (loaded at run time from node_modules, unpacked from the asar). A
// sandboxed preload may require nothing but 'electron', so it is one
// CommonJS file with the contract (and zod) inside.

const shared: UserConfig = {
  // No public/ folder and no .env files: nothing but the entry's imports.
  publicDir: false,
  envDir: false,
};

const sharedBuild = {
  outDir: 'dist/electron',
  // The two builds share the folder; neither may wipe the other.
  emptyOutDir: false,
  target: 'node24',
  minify: false,
  sourcemap: true,
  reportCompressedSize: false,
} as const;

const main: UserConfig = {
  ...shared,
  ssr: {
    target: 'node',
    noExternal: true,
    external: ['electron', '@github/keytar'],
  },
  build: {
    ...sharedBuild,
    ssr: 'electron/main.ts',
    rolldownOptions: {
      output: { format: 'es', entryFileNames: 'main.js', codeSplitting: false },
    },
  },
};

const preload: UserConfig = {
  ...shared,
  build: {
    ...sharedBuild,
    lib: {
      entry: 'electron/preload.ts',
      formats: ['cjs'],
      fileName: () => 'preload.cjs',
    },
    rolldownOptions: {
      external: ['electron'],
      // One file: a sandboxed preload cannot load chunks.
      output: { codeSplitting: false },
    },
  },
};

export default defineConfig(({ mode }) => {
  if (mode === 'main') return main;
  if (mode === 'preload') return preload;
  throw new Error('Build with --mode main or --mode preload.');
});
