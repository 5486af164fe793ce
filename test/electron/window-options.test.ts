import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import {
  hardenedWindowOptions,
  isolationProblems,
} from '../../electron/window-options.ts';

// The build fails here if the console's window could reach Node or
// Electron: the options themselves, and every file under electron/.

const PRELOAD = '/opt/offload/dist/electron/preload.cjs';

function weakened(
  preferences: Record<string, unknown>,
): BrowserWindowConstructorOptions {
  const base = hardenedWindowOptions({ preloadPath: PRELOAD });
  return {
    ...base,
    webPreferences: { ...base.webPreferences, ...preferences },
  };
}

describe('hardenedWindowOptions', () => {
  it('isolates the page: no problems found', () => {
    const options = hardenedWindowOptions({ preloadPath: PRELOAD });
    expect(isolationProblems(options)).toEqual([]);
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      preload: PRELOAD,
    });
  });
});

describe('isolationProblems', () => {
  it.each([
    [{ nodeIntegration: true }, 'nodeIntegration must be false'],
    [{ nodeIntegrationInWorker: true }, 'nodeIntegrationInWorker'],
    [{ nodeIntegrationInSubFrames: true }, 'nodeIntegrationInSubFrames'],
    [{ contextIsolation: false }, 'contextIsolation must be true'],
    [{ contextIsolation: undefined }, 'contextIsolation must be true'],
    [{ sandbox: false }, 'sandbox must be true'],
    [{ sandbox: undefined }, 'sandbox must be true'],
    [{ webviewTag: true }, 'webviewTag must be false'],
    [{ allowRunningInsecureContent: true }, 'allowRunningInsecureContent'],
    [{ webSecurity: false }, 'webSecurity must be true'],
    [{ experimentalFeatures: true }, 'experimentalFeatures'],
    [{ enableBlinkFeatures: 'CSSPseudoHas' }, 'enableBlinkFeatures'],
    [{ preload: 'preload.cjs' }, 'preload must be an absolute path'],
    [{ preload: undefined }, 'preload must be an absolute path'],
  ])('reports %j', (preferences, problem) => {
    const problems = isolationProblems(weakened(preferences));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(problem);
  });

  it('reports options with no webPreferences at all', () => {
    expect(isolationProblems({ width: 100 })).toEqual([
      'webPreferences are missing',
    ]);
  });
});

// ---------------------------------------------------------------------------
// The source scan

const OPTIONS_FILE = 'electron/window-options.ts';

const FORBIDDEN_SETTINGS: [RegExp, string][] = [
  [/nodeIntegration(InWorker|InSubFrames)?['"]?\s*:\s*true/, 'Node in page'],
  [/contextIsolation['"]?\s*:\s*false/, 'contextIsolation off'],
  [/sandbox['"]?\s*:\s*false/, 'sandbox off'],
  [/webviewTag['"]?\s*:\s*true/, 'webview on'],
  [/allowRunningInsecureContent['"]?\s*:\s*true/, 'insecure content'],
  [/webSecurity['"]?\s*:\s*false/, 'webSecurity off'],
  [/experimentalFeatures['"]?\s*:\s*true/, 'experimental features'],
  [/['"](--)?no-sandbox['"]/, 'a no-sandbox switch'],
  [/['"](--)?disable-web-security['"]/, 'a web-security switch'],
];

/** Problems in one file's text; `path` is relative to the repository. */
function scanSource(path: string, text: string): string[] {
  const problems: string[] = [];
  for (const [pattern, what] of FORBIDDEN_SETTINGS) {
    if (pattern.test(text)) problems.push(`${path}: ${what}`);
  }
  if (path === OPTIONS_FILE) return problems;
  if (/webPreferences['"]?\s*:/.test(text)) {
    problems.push(`${path}: sets webPreferences outside ${OPTIONS_FILE}`);
  }
  const windows = text.match(/new\s+BrowserWindow\s*\([^)]{0,40}/g) ?? [];
  for (const window of windows) {
    if (!/^new\s+BrowserWindow\s*\(\s*hardenedWindowOptions\(/.test(window)) {
      problems.push(`${path}: builds a window without hardenedWindowOptions`);
    }
  }
  if (/new\s+(BrowserView|WebContentsView)\s*\(/.test(text)) {
    problems.push(`${path}: builds a view with its own preferences`);
  }
  for (const key of ['sandbox', 'contextIsolation', 'nodeIntegration']) {
    if (new RegExp(`\\b${key}['"]?\\s*:`).test(text)) {
      problems.push(`${path}: sets ${key} outside ${OPTIONS_FILE}`);
    }
  }
  return problems;
}

function typeScriptFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('the electron/ sources', () => {
  it('build windows only from hardenedWindowOptions and never weaken isolation', () => {
    const files = typeScriptFiles('electron');
    expect(files).toContain(OPTIONS_FILE);
    const problems = files.flatMap((file) =>
      scanSource(relative('.', file), readFileSync(file, 'utf8')),
    );
    expect(problems).toEqual([]);
  });

  it.each([
    ['webPreferences: { nodeIntegration: true }', 'Node in page'],
    ["{ 'contextIsolation': false }", 'contextIsolation off'],
    ['sandbox:false', 'sandbox off'],
    ['webviewTag: true', 'webview on'],
    ['allowRunningInsecureContent: true', 'insecure content'],
    ['webSecurity : false', 'webSecurity off'],
    ["app.commandLine.appendSwitch('no-sandbox')", 'no-sandbox'],
    ["appendSwitch('disable-web-security')", 'web-security switch'],
    ['new BrowserWindow({ width: 1 })', 'without hardenedWindowOptions'],
    ['new BrowserWindow(options)', 'without hardenedWindowOptions'],
    ['new WebContentsView({})', 'builds a view'],
    ['const p = { webPreferences: {} }', 'sets webPreferences outside'],
    ['const sandbox: boolean = x; ({ sandbox: flag })', 'sets sandbox'],
  ])('the scan catches %s', (snippet, problem) => {
    expect(scanSource('electron/other.ts', snippet).join('\n')).toContain(
      problem,
    );
  });

  it('the scan lets the hardened constructor call through', () => {
    const snippet =
      'const window = new BrowserWindow(hardenedWindowOptions({ preloadPath }));';
    expect(scanSource('electron/main-window.ts', snippet)).toEqual([]);
  });

  it('the scan checks the options file for weakened values too', () => {
    expect(scanSource(OPTIONS_FILE, 'sandbox: false')).toEqual([
      `${OPTIONS_FILE}: sandbox off`,
    ]);
  });
});
