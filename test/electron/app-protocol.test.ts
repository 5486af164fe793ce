import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_INDEX_URL,
  APP_ORIGIN,
  APP_SCHEME_PRIVILEGES,
  appFileHandler,
  contentTypeOf,
  registerAppScheme,
  resolveAppFile,
  serveAppFiles,
} from '../../electron/app-protocol.ts';
import { RENDERER_CSP } from '../../electron/session-setup.ts';

const ROOT = '/srv/offload/dist/renderer';

describe('resolveAppFile', () => {
  it.each([
    ['app://offload/', 'index.html'],
    ['app://offload', 'index.html'],
    ['app://offload/index.html', 'index.html'],
    ['app://offload/index.html?x=1#/cases/2', 'index.html'],
    ['app://offload/assets/index-AbC123.js', 'assets/index-AbC123.js'],
    ['app://offload/assets/a%20b.css', 'assets/a b.css'],
  ])('maps %s to %s', (url, file) => {
    expect(resolveAppFile(ROOT, url)).toBe(join(ROOT, file));
  });

  it.each([
    'app://offload/../secret',
    'app://offload/assets/../../secret',
    'app://offload/./index.html',
    'app://offload/%2e%2e/secret',
    'app://offload/%2E%2E/secret',
    'app://offload/.%2e/secret',
    'app://offload/..%2fsecret',
    'app://offload/..%5csecret',
    'app://offload/%252e%252e/secret',
    'app://offload/..\\secret',
    'app://offload/assets\\..\\..\\secret',
    'app://offload//etc/passwd',
    'app://offload/C:/Windows/win.ini',
    'app://offload/C%3A/Windows/win.ini',
    'app://offload/%00index.html',
    'app://offload/index.html%00.js',
    'app://offload/assets/',
    'app://offload/...',
    'app://offload/%E0%A4%A',
    'app://offload.evil/index.html',
    'app://evil/index.html',
    'app://offload@evil/index.html',
    'app://user@offload/index.html',
    'app://offload:8080/index.html',
    'file:///etc/passwd',
    'https://offload/index.html',
    'offload/index.html',
    '/index.html',
    '',
    `app://offload/${'a'.repeat(3000)}`,
  ])('refuses %s', (url) => {
    expect(resolveAppFile(ROOT, url)).toBeNull();
  });
});

describe('contentTypeOf', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a.JS', 'text/javascript; charset=utf-8'],
    ['a.css', 'text/css; charset=utf-8'],
    ['a.woff2', 'font/woff2'],
    ['a.exe', 'application/octet-stream'],
    ['noextension', 'application/octet-stream'],
  ])('%s is %s', (file, type) => {
    expect(contentTypeOf(file)).toBe(type);
  });
});

describe('appFileHandler', () => {
  let dir: string;
  let root: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'app-protocol-'));
    root = join(dir, 'renderer');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><p>hi</p>');
    writeFileSync(join(root, 'assets', 'main.js'), 'export {};');
    // A file beside the root that must stay out of reach.
    writeFileSync(join(dir, 'secret.txt'), 'the secret');
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html with its type, the CSP and nosniff', async () => {
    const response = await appFileHandler(
      root,
      RENDERER_CSP,
    )(new Request(APP_INDEX_URL));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<!doctype html><p>hi</p>');
    expect(response.headers.get('content-type')).toBe(
      'text/html; charset=utf-8',
    );
    expect(response.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves a module script as JavaScript', async () => {
    const response = await appFileHandler(
      root,
      RENDERER_CSP,
    )(new Request(`${APP_ORIGIN}/assets/main.js`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it.each([
    `${APP_ORIGIN}/../secret.txt`,
    `${APP_ORIGIN}/%2e%2e/secret.txt`,
    `${APP_ORIGIN}/missing.js`,
    `${APP_ORIGIN}/assets`,
  ])('answers 404 with no body for %s', async (url) => {
    const response = await appFileHandler(root, RENDERER_CSP)(new Request(url));
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('');
  });

  it('answers 405 to anything but GET and HEAD', async () => {
    const response = await appFileHandler(
      root,
      RENDERER_CSP,
    )(new Request(APP_INDEX_URL, { method: 'POST', body: 'x' }));
    expect(response.status).toBe(405);
  });

  it('registers app:// as standard and secure, and handles it', () => {
    const registered: unknown[] = [];
    registerAppScheme({
      registerSchemesAsPrivileged: (schemes) => registered.push(...schemes),
    });
    expect(registered).toEqual([APP_SCHEME_PRIVILEGES]);
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({
      standard: true,
      secure: true,
    });
    const handled: string[] = [];
    serveAppFiles(
      { handle: (scheme) => void handled.push(scheme) },
      root,
      RENDERER_CSP,
    );
    expect(handled).toEqual(['app']);
  });
});
