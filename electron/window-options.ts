import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

// The one place a window's options are made. Read Electron's security
// checklist before changing anything here:
// https://www.electronjs.org/docs/latest/tutorial/security
// A test fails the build if these options weaken isolation, or if any
// other file under electron/ builds a window or sets webPreferences.

/** The settings that keep the page away from Node and Electron. */
const REQUIRED_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  webviewTag: false,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
} as const satisfies WebPreferences;

/** Options for the console's window; `preloadPath` must be absolute. */
export function hardenedWindowOptions(options: {
  preloadPath: string;
}): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 560,
    title: 'Offload Console',
    // Shown on 'ready-to-show', so the person never sees a blank frame.
    show: false,
    webPreferences: {
      ...REQUIRED_PREFERENCES,
      preload: options.preloadPath,
      // Off: on Windows and Linux Chromium fetches its dictionaries from
      // Google's servers, and the console contacts no one but Offload.
      spellcheck: false,
    },
  };
}

/** What in these options weakens isolation; empty when nothing does. */
export function isolationProblems(
  options: BrowserWindowConstructorOptions,
): string[] {
  const preferences = options.webPreferences;
  if (!preferences) return ['webPreferences are missing'];
  const problems: string[] = [];
  for (const [name, wanted] of Object.entries(REQUIRED_PREFERENCES)) {
    const actual = (preferences as Record<string, unknown>)[name];
    if (actual !== wanted) {
      problems.push(
        `webPreferences.${name} must be ${wanted} (is ${String(actual)})`,
      );
    }
  }
  if (preferences.enableBlinkFeatures) {
    problems.push('webPreferences.enableBlinkFeatures must not be set');
  }
  const preload = preferences.preload;
  if (typeof preload !== 'string' || !isAbsolutePath(preload)) {
    problems.push('webPreferences.preload must be an absolute path');
  }
  return problems;
}

function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path);
}
