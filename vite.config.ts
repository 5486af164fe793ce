import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The renderer is built from renderer/ into dist/renderer. Vitest shares
// this file so the suite and the build resolve modules the same way.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
  },
  test: {
    root: '.',
    include: ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/support/keyring-session.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
