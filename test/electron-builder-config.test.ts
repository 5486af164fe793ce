import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { parse } from 'yaml';

// Packaging cannot run here (no Electron binary), so the config is checked
// against the JSON schema that ships with electron-builder itself, and for
// the choices the security review depends on.

const require = createRequire(import.meta.url);
const schema = JSON.parse(
  readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'),
) as object;
const config = parse(readFileSync('electron-builder.yml', 'utf8')) as Record<
  string,
  unknown
>;
const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as {
  main?: string;
};

/** The target names of one platform's `target` list. */
function targets(platform: string): string[] {
  const section = config[platform] as { target?: unknown[] } | undefined;
  return (section?.target ?? []).map((target) =>
    typeof target === 'string' ? target : (target as { target: string }).target,
  );
}

/**
 * Whether electron-builder's `files` patterns keep a path: the last
 * matching pattern wins, `!` excludes. Globs here use `**` and `*` only.
 */
function packaged(path: string): boolean {
  let kept = false;
  for (const raw of config.files as string[]) {
    const exclude = raw.startsWith('!');
    const glob = exclude ? raw.slice(1) : raw;
    const pattern = glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*\*\//g, '@@ANY_DIRS@@')
      .replace(/\*\*/g, '@@ANY@@')
      .replace(/\*/g, '[^/]*')
      .replace(/@@ANY_DIRS@@/g, '(?:.*/)?')
      .replace(/@@ANY@@/g, '.*');
    if (new RegExp(`^${pattern}$`).test(path)) kept = !exclude;
  }
  return kept;
}

describe('electron-builder.yml', () => {
  it("conforms to electron-builder's own schema", () => {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(
      schema,
    );
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });

  it('registers the offload-console protocol for deep links', () => {
    expect(JSON.stringify(config.protocols)).toContain('"offload-console"');
  });

  it('keeps the native keychain module out of the asar archive', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/@github/keytar/**');
  });

  it('flips every hardening fuse at package time', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
  });

  it('builds AppImage and deb, NSIS, and dmg', () => {
    expect(targets('linux').toSorted()).toEqual(['AppImage', 'deb']);
    expect(targets('win')).toEqual(['nsis']);
    expect(targets('mac')).toEqual(['dmg']);
  });

  it.each([
    'dist/electron/main.js',
    'dist/electron/preload.cjs',
    'dist/renderer/index.html',
    'dist/renderer/assets/index-AbC123.js',
    'package.json',
  ])('packages %s', (path) => {
    expect(packaged(path)).toBe(true);
  });

  it.each([
    'dist/electron/main.js.map',
    'dist/renderer/assets/index-AbC123.js.map',
    'electron/main.ts',
    'electron/core/offload-client.ts',
    'renderer/main.tsx',
    'shared/ipc.ts',
    'test/simulator/cli.ts',
    'test/electron/launch.test.ts',
    'dist/test/x.test.js',
    'vite.config.ts',
    'README.md',
    'electron-builder.yml',
  ])('leaves %s out', (path) => {
    expect(packaged(path)).toBe(false);
  });

  it("starts from the built main process named in package.json's main", () => {
    expect(packageJson.main).toBe('dist/electron/main.js');
    expect(packaged(packageJson.main ?? '')).toBe(true);
  });
});
