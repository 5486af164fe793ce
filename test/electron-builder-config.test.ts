import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { parse } from 'yaml';

// Packaging cannot run here (no Electron binary), so the config is checked
// against the JSON schema that ships with electron-builder itself.

const require = createRequire(import.meta.url);
const schema = JSON.parse(
  readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'),
) as object;
const config = parse(readFileSync('electron-builder.yml', 'utf8')) as Record<
  string,
  unknown
>;

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
    expect(config.asarUnpack).toContain('node_modules/@github/keytar/**');
  });
});
